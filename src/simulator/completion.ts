import type { Exchange } from './exchange.js';
import { completionBody, errorBody } from './openai-shapes.js';
import type { Plan } from './plan.js';
import { SLOW_FIRST_TOKEN_MS } from './stream.js';
import { roundUs } from './stream-pacer.js';

/**
 * A non-streaming answer, sent after TTFT plus every inter-token gap. Stream-only faults
 * map to their nearest non-streaming form: slow_first_token and a bounded stall add their
 * delay, an endless stall never answers, cut sends half the body then drops the
 * connection, malformed sends a body that is not JSON, in_band_error sends 200 with an
 * `error` object and no `choices`, no_done answers normally.
 */
export async function writeCompletion(
  x: Exchange,
  plan: Plan,
  /** When the delay counts from (performance.now() time; default now). */
  origin = performance.now(),
): Promise<void> {
  const fault = plan.fault;
  const tokens = plan.reasoning.length + plan.content.length;
  let delay = plan.ttftMs;
  for (let i = 1; i < tokens; i++) delay += plan.itl();
  if (fault?.type === 'slow_first_token') delay += fault.delayMs ?? SLOW_FIRST_TOKEN_MS;
  if (fault?.type === 'stall') {
    if (fault.delayMs === undefined) {
      await x.waitForever();
      x.destroy();
      return;
    }
    delay += fault.delayMs;
  }
  const due = origin + delay;
  if (!(await x.until(due))) return;

  const body = completionBody({
    id: plan.id,
    created: plan.created,
    model: plan.model,
    content: plan.content.join(''),
    reasoning: plan.reasoningModel ? plan.reasoning.join('') : undefined,
    finishReason: plan.finishReason,
    usage: {
      promptTokens: plan.promptTokens,
      cachedTokens: plan.cachedTokens,
      contentTokens: plan.content.length,
      reasoningTokens: plan.reasoning.length,
    },
  });

  switch (fault?.type) {
    case 'cut':
      x.head(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      x.res.write(body.slice(0, Math.floor(body.length / 2)));
      x.dropAfterFlush();
      return;
    case 'malformed':
      x.json(200, `${body.slice(0, 40)}{not json`);
      return;
    case 'in_band_error':
      x.json(
        200,
        errorBody({
          message: fault.message ?? 'Overloaded',
          type: 'overloaded_error',
          param: null,
          code: 529,
        }),
      );
      return;
    default:
      x.json(200, body, { 'x-request-id': plan.id });
      recordAnswer(x, due, delay > 0);
  }
}

/** The answer's latency as sent, and how late it went out when it waited for a due time. */
function recordAnswer(x: Exchange, due: number, timed: boolean): void {
  const now = performance.now();
  const stats = x.clock.stats;
  if (timed) stats.late.record(now - due);
  const latency = now - x.arrivedAt;
  x.entry.sentMs = roundUs(latency);
  stats.latency.record(latency);
}
