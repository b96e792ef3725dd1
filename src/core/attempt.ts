import type { Dispatcher } from 'undici';
import { finishJson } from './attempt-json.js';
import { describe, httpMessage } from './attempt-message.js';
import type { AttemptSpec } from './attempt-spec.js';
import { copyStream, finishStream, readStream } from './attempt-stream.js';
import { AttemptTimers } from './attempt-timers.js';
import { classifyHttp, classifyNetworkError, parseErrorBody } from './classify.js';
import type { ErrorClass } from './errors.js';
import { redact } from './keys.js';
import { readLimited } from './read-body.js';
import {
  ByteBudget,
  DEFAULT_MAX_RESPONSE_BYTES,
  readCapped,
  ResponseTooLarge,
  STREAM_LIMIT_FACTOR,
} from './body-limit.js';
import { endpoint, wireBody } from './request.js';
import { blankAttempt, type AttemptResult } from './result.js';
import { parseRetryAfter } from './retry-after.js';
import { StreamState } from './stream-state.js';

export type { AttemptSpec } from './attempt-spec.js';

const MAX_ERROR_BODY = 64 * 1024;

function bodyLimit(spec: AttemptSpec): number {
  return spec.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
}

type Fail = (cls: ErrorClass, message: string, status?: number) => AttemptResult;

/** Runs one HTTP attempt. Never throws: every outcome is data. */
export async function runAttempt(spec: AttemptSpec): Promise<AttemptResult> {
  const { clock, model, request } = spec;
  const result = startResult(spec);
  const timers = new AttemptTimers(spec);
  const fail: Fail = (cls, message, status) => {
    result.outcome = cls;
    result.message = redact(message, spec.allKeys);
    if (status !== undefined) result.httpStatus = status;
    return result;
  };
  const state = new StreamState({
    keepContent: spec.keepContent !== false,
    ...(spec.onToken ? { onToken: spec.onToken } : {}),
    ...(spec.onReasoning ? { onReasoning: spec.onReasoning } : {}),
    ...(spec.onFirstToken ? { onFirstToken: spec.onFirstToken } : {}),
  });
  let headersSeen = false;
  try {
    const res = await send(spec, timers);
    headersSeen = true;
    result.firstByte = clock.now();
    result.httpStatus = res.statusCode;
    if (res.statusCode < 200 || res.statusCode >= 300)
      return await failHttp(res, result, spec, fail);
    const contentType = String(res.headers['content-type'] ?? '');
    if (!request.stream || contentType.includes('application/json')) {
      const text = await readCapped(res.body, bodyLimit(spec), `${model.name}'s answer`);
      result.end = clock.now();
      return finishJson(text, result, state, spec, fail);
    }
    const budget = new ByteBudget(bodyLimit(spec) * STREAM_LIMIT_FACTOR, `${model.name}'s stream`);
    const cutMidEvent = await readStream(res.body, state, timers, clock, budget);
    result.end = clock.now();
    return finishStream(state, result, model.name, cutMidEvent, fail);
  } catch (err) {
    result.end = clock.now();
    return failThrown(err, { result, state, timers, spec, headersSeen, fail });
  } finally {
    timers.dispose();
  }
}

function startResult(spec: AttemptSpec): AttemptResult {
  const result = blankAttempt({
    model: spec.model.name,
    modelId: spec.model.id,
    gateway: spec.gatewayName,
    baseUrl: spec.baseUrl,
    stream: spec.request.stream,
    startedAtWall: spec.clock.wallNow(),
    start: spec.clock.now(),
    end: 0,
    outcome: 'ok',
  });
  if (spec.intendedStart !== undefined) result.intendedStart = spec.intendedStart;
  if (spec.key) result.keyIndex = spec.key.index;
  return result;
}

/** Sends the POST /chat/completions; resolves when the response headers arrive. */
function send(spec: AttemptSpec, timers: AttemptTimers): Promise<Dispatcher.ResponseData> {
  const { origin, path } = endpoint(spec.baseUrl, '/chat/completions');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: spec.request.stream ? 'text/event-stream' : 'application/json',
    'user-agent': spec.userAgent,
    ...spec.headers,
  };
  if (spec.key) headers.authorization = `Bearer ${spec.key.key.reveal()}`;
  return spec.dispatcher.request({
    origin,
    path,
    method: 'POST',
    headers,
    body: wireBody(spec.model.id, spec.request),
    signal: timers.controller,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}

/** A non-2xx answer: classified from its status and error body, with its Retry-After. */
async function failHttp(
  res: Dispatcher.ResponseData,
  result: AttemptResult,
  spec: AttemptSpec,
  fail: Fail,
): Promise<AttemptResult> {
  const text = await readLimited(res.body, MAX_ERROR_BODY);
  result.end = spec.clock.now();
  // Redacted before it is parsed and cut short: a key echoed anywhere in the body (or cut
  // off at its end) never reaches a message.
  const body = parseErrorBody(redact(text, spec.allKeys));
  const cls = classifyHttp(res.statusCode, body);
  const retryAfter = parseRetryAfter(res.headers, spec.clock.wallNow());
  if (retryAfter !== undefined) result.retryAfterMs = retryAfter;
  return fail(
    cls,
    httpMessage(cls, res.statusCode, body?.message, spec, retryAfter),
    res.statusCode,
  );
}

/** The request threw: finish grace, cancel, timeout, a cut response, or no connection. */
function failThrown(
  err: unknown,
  at: {
    result: AttemptResult;
    state: StreamState;
    timers: AttemptTimers;
    spec: AttemptSpec;
    headersSeen: boolean;
    fail: Fail;
  },
): AttemptResult {
  const { result, state, spec, fail } = at;
  const stop = at.timers.stop;
  if (err instanceof ResponseTooLarge) {
    copyStream(state, result);
    return fail('bad_response', err.message);
  }
  if (stop?.kind === 'finished') {
    // [DONE], an error event or finish_reason arrived and the server then held the
    // connection open: judge what was received.
    return finishStream(state, result, spec.model.name, false, fail);
  }
  copyStream(state, result);
  if (stop?.kind === 'cancelled') {
    result.outcome = 'cancelled';
    result.message = 'cancelled';
    return result;
  }
  if (stop?.kind === 'timeout') return fail('timeout', stop.message);
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
