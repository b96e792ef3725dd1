import type { AttemptTimers } from './attempt-timers.js';
import type { ByteBudget } from './body-limit.js';
import { classifyInBand } from './classify.js';
import type { Clock } from './clock.js';
import type { ErrorClass } from './errors.js';
import type { AttemptResult } from './result.js';
import { SseParser } from './sse.js';
import type { StreamState } from './stream-state.js';

/**
 * Reads a streamed (SSE) answer into `state`, feeding the attempt's timers. Returns whether
 * the body ended mid-event. After [DONE] (or an error event) the rest of the body is read and
 * dropped rather than the stream destroyed: destroying makes undici build an AbortError on
 * every request. A server that then holds the connection open is cut off after the finish
 * grace.
 */
export async function readStream(
  body: AsyncIterable<unknown>,
  state: StreamState,
  timers: AttemptTimers,
  clock: Clock,
  budget?: ByteBudget,
): Promise<boolean> {
  const parser = new SseParser();
  let over = false;
  for await (const chunk of body) {
    if (over) continue;
    budget?.add((chunk as Buffer).length);
    const now = clock.now();
    for (const ev of parser.push(chunk as Buffer)) {
      const hadOutput = state.firstOutput !== undefined;
      over = state.onData(ev.data, now);
      if (!hadOutput && state.firstOutput !== undefined) timers.firstOutputSeen();
      if (over || state.finishReason !== undefined) timers.startFinishGrace();
      if (over) break;
    }
    if (!over && state.firstOutput !== undefined) timers.resetIdle();
  }
  parser.end();
  return parser.pendingPartial;
}

/** Judges a streamed answer once it is over: in-band error, cut stream, or complete. */
export function finishStream(
  state: StreamState,
  result: AttemptResult,
  modelName: string,
  cutMidEvent: boolean,
  fail: (cls: ErrorClass, message: string) => AttemptResult,
): AttemptResult {
  copyStream(state, result);
  if (state.error) {
    const cls = classifyInBand(state.error);
    return fail(cls, `${modelName} sent an error mid-stream: ${state.error.message}`);
  }
  if (!state.complete) {
    const cut = cutMidEvent ? ' (cut mid-event)' : '';
    return fail(
      'bad_response',
      `stream from ${modelName} ended before finish_reason${cut} after ${state.contentChunks} content chunks`,
    );
  }
  return result;
}

/** Copies what a stream delivered (text, chunk counts and times, usage) into the result. */
export function copyStream(state: StreamState, result: AttemptResult): void {
  result.content = state.content;
  result.reasoning = state.reasoning;
  result.contentChunks = state.contentChunks;
  result.reasoningChunks = state.reasoningChunks;
  result.badChunks = state.badChunks;
  result.contentTimes = state.contentTimes;
  result.delivered = state.delivered;
  if (state.firstOutput !== undefined) result.firstOutput = state.firstOutput;
  if (state.firstToken !== undefined) result.firstToken = state.firstToken;
  if (state.finishReason !== undefined) result.finishReason = state.finishReason;
  if (state.usage !== undefined) {
    result.usage = state.usage;
    result.tokensSource = 'usage';
  } else if (state.contentChunks > 0) {
    result.tokensSource = 'chunks';
  }
}
