import { writeCompletion } from './completion.js';
import type { Exchange } from './exchange.js';
import { applyHttpFault, contextLengthBody, isHttpFault, notFoundBody } from './http-faults.js';
import type { ModelTable } from './model-table.js';
import { errorBody } from './openai-shapes.js';
import { estimatePromptTokens, makePlan } from './plan.js';
import { countsTokens, readPrompt } from './prefill.js';
import { requestRng } from '../core/rng.js';
import { writeStream } from './stream.js';

function badRequest(x: Exchange, message: string, param: string | null = null): void {
  x.json(400, errorBody({ message, type: 'invalid_request_error', param, code: null }));
}

/** A chat request that passed the checks a real gateway makes before looking at the model. */
interface ChatCall {
  model: string;
  stream: boolean;
  messages: unknown[];
  lengths: Lengths;
  includeUsage: boolean;
}

/** `max_tokens`, and the vLLM/SGLang extensions `min_tokens` and `ignore_eos`. */
interface Lengths {
  maxTokens: number | undefined;
  minTokens?: number;
  ignoreEos?: boolean;
}

/** `POST /v1/chat/completions` with an already-read body. */
export async function handleChat(
  x: Exchange,
  rawBody: string,
  models: ModelTable,
  seed: number,
  index: number,
  /** ms since the simulator's first chat request (scripted outages). */
  sinceFirstMs = 0,
): Promise<void> {
  const call = parseChat(x, rawBody);
  if (!call) return;
  const { model } = call;
  const state = models.resolve(model);
  if (!state) {
    x.json(404, notFoundBody(model));
    return;
  }
  // Only token-aware models wait for the tokenizer; the others go on in the same tick.
  const read = countsTokens(state.profile) ? await readPrompt(call.messages, state) : undefined;
  const promptTokens = read?.promptTokens ?? estimatePromptTokens(call.messages);
  const contextWindow = state.profile.contextWindow;
  if (contextWindow !== undefined && promptTokens > contextWindow) {
    x.entry.fault = 'context_length';
    x.json(400, contextLengthBody(contextWindow, promptTokens));
    return;
  }
  const rng = requestRng(seed, index);
  const fault = models.pickFault(state, rng, sinceFirstMs);
  if (fault) x.entry.fault = fault.type;
  if (fault && isHttpFault(fault)) {
    await applyHttpFault(x, fault, { model, promptTokens, contextWindow });
    return;
  }
  // Capacity: beyond maxConcurrent the request waits here (FIFO), before anything is sent.
  const slot = await state.load.admit(state.profile.capacity?.maxConcurrent, x.signal, x.arrivedAt);
  if (!slot) return; // the client left while queued
  try {
    if (slot.queuedMs > 0) x.entry.queuedMs = Math.round(slot.queuedMs);
    const plan = makePlan({
      index,
      profile: state.profile,
      responseModel: models.listedId(state),
      promptTokens,
      ...(read ? { cachedTokens: read.cachedTokens, prefillMs: read.prefillMs } : {}),
      ...call.lengths,
      fault,
      rng,
    });
    // The decode budget, shared among the model's active requests, sets a floor on each gap.
    const drawGap = plan.itl;
    const decodeBudget = state.profile.decodeTokensPerSecond;
    plan.itl = () => slot.gap(drawGap(), decodeBudget);
    x.entry.ttftMs = Math.round(plan.ttftMs);
    x.entry.outputTokens = plan.content.length + plan.reasoning.length;
    // Latencies count from the arrival, or from the admission after a queue wait: the
    // simulator's own work on the request (reading the body, planning) is inside them.
    const origin = x.arrivedAt + slot.queuedMs;
    if (call.stream) await writeStream(x, plan, call.includeUsage, origin);
    else await writeCompletion(x, plan, origin);
  } finally {
    slot.release();
  }
}

/** Parses and checks the body; answers 400 and returns undefined when it is not a valid call. */
function parseChat(x: Exchange, rawBody: string): ChatCall | undefined {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    badRequest(
      x,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
    );
    return undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    badRequest(x, 'The request body must be a JSON object.');
    return undefined;
  }
  const req = body as Record<string, unknown>;
  const model = req['model'];
  if (typeof model !== 'string' || model === '') {
    badRequest(x, 'you must provide a model parameter', 'model');
    return undefined;
  }
  x.entry.model = model;
  const stream = req['stream'] === true;
  x.entry.stream = stream;
  const messages = req['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    badRequest(x, "'messages' must be a non-empty array.", 'messages');
    return undefined;
  }
  const lengths = lengthParams(x, req);
  if (!lengths) return undefined;
  const options = req['stream_options'] as { include_usage?: unknown } | undefined;
  return { model, stream, messages, lengths, includeUsage: options?.include_usage === true };
}

/** The length fields; answers 400 and returns undefined for a bad value (as vLLM does). */
function lengthParams(x: Exchange, req: Record<string, unknown>): Lengths | undefined {
  const maxRaw = req['max_completion_tokens'] ?? req['max_tokens'];
  if (maxRaw != null && !(Number.isInteger(maxRaw) && (maxRaw as number) > 0)) {
    badRequest(x, `Invalid 'max_tokens': expected a positive integer.`, 'max_tokens');
    return undefined;
  }
  const minRaw = req['min_tokens'];
  if (minRaw != null && !(Number.isInteger(minRaw) && (minRaw as number) >= 0)) {
    badRequest(x, `Invalid 'min_tokens': expected a non-negative integer.`, 'min_tokens');
    return undefined;
  }
  const eos = req['ignore_eos'];
  if (eos != null && typeof eos !== 'boolean') {
    badRequest(x, `Invalid 'ignore_eos': expected a boolean.`, 'ignore_eos');
    return undefined;
  }
  return {
    maxTokens: typeof maxRaw === 'number' ? maxRaw : undefined,
    ...(typeof minRaw === 'number' ? { minTokens: minRaw } : {}),
    ...(eos === true ? { ignoreEos: true } : {}),
  };
}
