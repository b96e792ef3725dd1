import { describe, httpMessage } from './attempt-message.js';
import type { AttemptSpec } from './attempt-spec.js';
import { copyStream, finishStream } from './attempt-stream.js';
import type { StopReason } from './attempt-timers.js';
import { ResponseTooLarge } from './body-limit.js';
import {
  classifyHttp,
  classifyNetworkError,
  errorCode,
  isUnreadableResponse,
  parseErrorBody,
} from './classify.js';
import { UnsupportedEncoding } from './content-encoding.js';
import type { ErrorClass } from './errors.js';
import { redact } from './keys.js';
import { headerRecord, type RawHeaders } from './raw-headers.js';
import { isRedirect, redirectText } from './redirect.js';
import { endpoint } from './request.js';
import { newAttempt, type AttemptResult } from './result.js';
import { parseRetryAfter } from './retry-after.js';
import type { StreamState } from './stream-state.js';

/** Marks the attempt's record failed with a class and a key-free message; returns it. */
export type Fail = (cls: ErrorClass, message: string, status?: number) => AttemptResult;

/** The record of an attempt about to be sent. */
export function startResult(spec: AttemptSpec): AttemptResult {
  const { clock } = spec;
  const start = clock.now();
  const result = newAttempt(
    {
      model: spec.model.name,
      modelId: spec.model.id,
      gateway: spec.gatewayName,
      baseUrl: spec.baseUrl,
      stream: spec.request.stream,
    },
    clock.wallAt ? clock.wallAt(start) : clock.wallNow(),
    start,
  );
  if (spec.intendedStart !== undefined) result.intendedStart = spec.intendedStart;
  if (spec.key) result.keyIndex = spec.key.index;
  return result;
}

/** A non-2xx answer: classified from its status and error body, with its Retry-After. */
export function failHttp(
  text: string,
  raw: RawHeaders,
  result: AttemptResult,
  spec: AttemptSpec,
  fail: Fail,
): AttemptResult {
  const status = result.httpStatus as number;
  const headers = headerRecord(raw);
  if (isRedirect(status)) {
    const { origin, path } = endpoint(spec.baseUrl, '/chat/completions');
    const why = redirectText(headers.location, `${origin}${path}`);
    return fail(
      'not_found',
      `HTTP ${status} from ${spec.model.name} at ${spec.baseUrl}: ${why}`,
      status,
    );
  }
  // Redacted before it is parsed and cut short: a key echoed anywhere in the body (or cut
  // off at its end) never reaches a message.
  const body = parseErrorBody(redact(text, spec.allKeys));
  const cls = classifyHttp(status, body);
  const retryAfter = parseRetryAfter(headers, spec.clock.wallNow());
  if (retryAfter !== undefined) result.retryAfterMs = retryAfter;
  return fail(cls, httpMessage(cls, status, body?.message, spec, retryAfter), status);
}

/** The request failed: finish grace, cancel, timeout, a cut response, or no connection. */
export function failThrown(
  err: unknown,
  at: {
    result: AttemptResult;
    /** Absent for an answer that was not a stream. */
    state: StreamState | undefined;
    stop: StopReason | undefined;
    spec: AttemptSpec;
    headersSeen: boolean;
    fail: Fail;
  },
): AttemptResult {
  const { result, state, spec, fail, stop } = at;
  if (state) copyStream(state, result);
  if (err instanceof ResponseTooLarge) return fail('bad_response', err.message);
  if (stop?.kind === 'finished' && state) {
    // [DONE], an error event or finish_reason arrived and the server then held the
    // connection open: judge what was received.
    return finishStream(state, result, spec.model.name, false, fail);
  }
  if (stop?.kind === 'cancelled') {
    result.outcome = 'cancelled';
    result.message = 'cancelled';
    return result;
  }
  if (stop?.kind === 'timeout') return fail('timeout', stop.message);
  const unreadable = unreadableMessage(err, spec);
  if (unreadable) return fail('bad_response', unreadable);
  if (at.headersSeen) {
    // The connection broke after the response started: a cut stream.
    return fail(
      'bad_response',
      `connection to ${spec.baseUrl} closed mid-response (${describe(err)})`,
    );
  }
  const cls = classifyNetworkError(err);
  const via = spec.proxy ? ` via proxy ${spec.proxy}` : '';
  return fail(cls, `cannot reach ${spec.baseUrl}${via}: ${describe(err)}`);
}

/** An answer shepherd cannot read (not a network failure): says what it was, never its bytes. */
function unreadableMessage(err: unknown, spec: AttemptSpec): string | undefined {
  if (err instanceof UnsupportedEncoding) return `${spec.model.name}: ${err.message}`;
  if (errorCode(err)?.startsWith('Z_')) {
    return `${spec.model.name} sent a body that does not decode as its Content-Encoding says (${describe(err)})`;
  }
  if (isUnreadableResponse(err)) {
    return `${spec.baseUrl} answered with something that is not an HTTP response to this request (an unrequested 100 Continue, or bytes before the request was sent)`;
  }
  return undefined;
}
