import type { Exchange } from './exchange.js';
import { ChunkWriter, DONE_EVENT, MALFORMED_EVENT } from './openai-shapes.js';
import type { Plan } from './plan.js';

/** The `data:` event of an in-band error, as the shared sample in-band-error.sse (test/fixtures/sse-samples). */
export function inBandErrorEvent(message: string | undefined): string {
  return `data: ${JSON.stringify({
    error: { message: message ?? 'Overloaded', type: 'overloaded_error', code: 529 },
  })}\n\n`;
}

/**
 * Writes one SSE stream in OpenAI's shape, applying the plan's stream fault. Events are
 * buffered between waits, so a zero-latency profile sends a whole stream in one write.
 */
export async function writeStream(x: Exchange, plan: Plan, includeUsage: boolean): Promise<void> {
  const { res } = x;
  x.head(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': plan.id,
  });
  res.flushHeaders();

  const chunks = new ChunkWriter({
    id: plan.id,
    created: plan.created,
    model: plan.model,
    includeUsage,
  });
  let pending = '';
  const flush = (): void => {
    if (pending && !x.gone) res.write(pending);
    pending = '';
  };
  // Waits are scheduled against absolute due times, so timer lateness never accumulates over
  // a stream: with fixed latencies the n-th token is due at ttft + (n−1)·itl exactly.
  let due = performance.now();
  const wait = async (ms: number): Promise<boolean> => {
    if (ms <= 0) return !x.gone;
    due += ms;
    flush();
    const delay = due - performance.now();
    return delay > 0 ? x.sleep(delay) : !x.gone;
  };

  const fault = plan.fault;
  const n = plan.content.length;
  const faultAt =
    fault &&
    (fault.type === 'stall' ||
      fault.type === 'cut' ||
      fault.type === 'malformed' ||
      fault.type === 'in_band_error')
      ? Math.min(fault.afterTokens ?? defaultAfter(fault.type), n)
      : -1;

  if (!(await wait(plan.ttftMs))) return;
  pending += chunks.role(plan.reasoningModel);
  for (let i = 0; i < plan.reasoning.length; i++) {
    if (i > 0 && !(await wait(plan.itl()))) return;
    pending += chunks.reasoning(plan.reasoning[i]!);
  }

  for (let i = 0; i <= n; i++) {
    if (fault && i === faultAt) {
      switch (fault.type) {
        case 'stall':
          if (fault.delayMs === undefined) {
            flush();
            await x.waitForever();
            return;
          }
          if (!(await wait(fault.delayMs))) return;
          break;
        case 'cut': {
          if (fault.midEvent && i < n)
            pending += chunks.content(plan.content[i]!, false).slice(0, 40);
          flush();
          x.dropAfterFlush();
          return;
        }
        case 'malformed':
          pending += MALFORMED_EVENT;
          break;
        case 'in_band_error':
          pending += inBandErrorEvent(fault.message);
          flush();
          res.end();
          return;
        default:
          break;
      }
    }
    if (i === n) break;
    if (i === 0 && fault?.type === 'slow_first_token') {
      if (!(await wait(fault.delayMs ?? SLOW_FIRST_TOKEN_MS))) return;
    }
    if ((i > 0 || plan.reasoning.length > 0) && !(await wait(plan.itl()))) return;
    pending += chunks.content(plan.content[i]!, plan.reasoningModel);
  }

  pending += chunks.finish(plan.finishReason);
  if (includeUsage) {
    pending += chunks.usage({
      promptTokens: plan.promptTokens,
      cachedTokens: plan.cachedTokens,
      contentTokens: n,
      reasoningTokens: plan.reasoning.length,
    });
  }
  if (fault?.type !== 'no_done') pending += DONE_EVENT;
  flush();
  if (!x.gone) res.end();
}

/** Default `delayMs` of slow_first_token. */
export const SLOW_FIRST_TOKEN_MS = 5000;

/** Default `afterTokens` of the mid-stream faults. */
export function defaultAfter(type: string): number {
  return type === 'malformed' || type === 'in_band_error' ? 2 : 3;
}
