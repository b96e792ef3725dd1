import type { AttemptSpec } from './attempt-spec.js';
import { readUsage } from './chunk.js';
import { classifyInBand } from './classify.js';
import type { ErrorClass } from './errors.js';
import type { AttemptResult } from './result.js';
import { StreamState } from './stream-state.js';

/** A non-streaming answer: one JSON document with choices[0].message. */
export function finishJson(
  text: string,
  result: AttemptResult,
  spec: AttemptSpec,
  fail: (cls: ErrorClass, message: string) => AttemptResult,
): AttemptResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('bad_response', `${spec.model.name} answered with invalid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    // `null`, a number, a string, a list: valid JSON, but no completion object.
    const what = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed;
    return fail(
      'bad_response',
      `${spec.model.name} answered with invalid JSON (${what}, not a completion object)`,
    );
  }
  const doc = parsed as Record<string, unknown>;
  if (doc.error) {
    const state = new StreamState();
    state.onData(text, result.end);
    return fail(
      classifyInBand(state.error ?? { message: 'error' }),
      `${spec.model.name}: ${state.error?.message ?? 'error'}`,
    );
  }
  const choice = Array.isArray(doc.choices)
    ? (doc.choices[0] as Record<string, unknown> | undefined)
    : undefined;
  if (!choice) return fail('bad_response', `${spec.model.name} answered without choices`);
  const message = (choice.message ?? {}) as Record<string, unknown>;
  const content = typeof message.content === 'string' ? message.content : '';
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (spec.keepContent !== false) {
    result.content = content;
    if (typeof reasoning === 'string') result.reasoning = reasoning;
  }
  if (content.length > 0) {
    result.contentChunks = 1;
    result.firstToken = result.end;
    result.firstOutput = result.end;
    result.contentTimes = [result.end];
    spec.onFirstToken?.();
    if (spec.onToken) {
      spec.onToken(content);
      result.delivered = content.length;
    }
  }
  if (typeof choice.finish_reason === 'string') result.finishReason = choice.finish_reason;
  const usage = readUsage(doc.usage);
  if (usage) {
    result.usage = usage;
    result.tokensSource = 'usage';
  } else if (content.length > 0) {
    result.tokensSource = 'chunks';
  }
  if (result.finishReason === undefined) {
    return fail('bad_response', `${spec.model.name} answered without finish_reason`);
  }
  return result;
}
