import { classifyInBand } from './classify.js';
import type { ErrorClass } from './errors.js';
import type { AttemptResult } from './result.js';
import type { StreamState } from './stream-state.js';

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
