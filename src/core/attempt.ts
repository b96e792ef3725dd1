import type { Dispatcher } from 'undici';
import type { ModelSettings } from './settings.js';
import {
  classifyHttp,
  classifyInBand,
  classifyNetworkError,
  errorCode,
  parseErrorBody,
} from './classify.js';
import type { Clock } from './clock.js';
import type { ErrorClass } from './errors.js';
import { redact, type ApiKey } from './keys.js';
import { endpoint, wireBody, type ChatRequest } from './request.js';
import { blankAttempt, type AttemptResult } from './result.js';
import { parseRetryAfter } from './retry-after.js';
import { AttemptAbort } from './attempt-abort.js';
import { readUsage } from './chunk.js';
import { SseParser } from './sse.js';
import { StreamState } from './stream-state.js';

/** Everything one attempt needs; the client fills it in. */
export interface AttemptSpec {
  dispatcher: Dispatcher;
  clock: Clock;
  model: ModelSettings;
  gatewayName: string;
  baseUrl: string;
  headers: Record<string, string>;
  key?: { key: ApiKey; index: number; source: string };
  /** Every key of every gateway, for redaction of anything echoed back. */
  allKeys: readonly ApiKey[];
  proxy?: string;
  request: ChatRequest;
  timeouts: { firstTokenMs: number; idleMs: number; attemptMs: number };
  /** True when the attempt timeout was cut short by the chain deadline (for the message). */
  deadlineBound?: boolean;
  signal?: AbortSignal;
  intendedStart?: number;
  keepContent?: boolean;
  onToken?: (text: string) => void;
  onReasoning?: (text: string) => void;
  userAgent: string;
}

type StopReason =
  { kind: 'timeout'; message: string } | { kind: 'cancelled' } | { kind: 'finished' };

const MAX_ERROR_BODY = 64 * 1024;
/** After finish_reason: how long to wait for the usage chunk / [DONE] before finishing anyway. */
const FINISH_GRACE_MS = 500;

/** Runs one HTTP attempt. Never throws: every outcome is data. */
export async function runAttempt(spec: AttemptSpec): Promise<AttemptResult> {
  const { clock, model, request } = spec;
  const result: AttemptResult = blankAttempt({
    model: model.name,
    modelId: model.id,
    gateway: spec.gatewayName,
    baseUrl: spec.baseUrl,
    stream: request.stream,
    startedAtWall: clock.wallNow(),
    start: clock.now(),
    end: 0,
    outcome: 'ok',
  });
  if (spec.intendedStart !== undefined) result.intendedStart = spec.intendedStart;
  if (spec.key) result.keyIndex = spec.key.index;

  const controller = new AttemptAbort();
  let stop: StopReason | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const abortWith = (reason: StopReason): void => {
    if (stop) return;
    stop = reason;
    controller.abort();
  };
  const after = (ms: number, reason: () => StopReason): NodeJS.Timeout => {
    const t = setTimeout(() => abortWith(reason()), Math.max(0, ms));
    timers.add(t);
    return t;
  };
  const clear = (t: NodeJS.Timeout | undefined): void => {
    if (t) {
      clearTimeout(t);
      timers.delete(t);
    }
  };
  const onUserAbort = (): void => abortWith({ kind: 'cancelled' });
  if (spec.signal?.aborted) onUserAbort();
  spec.signal?.addEventListener('abort', onUserAbort, { once: true });

  const { attemptMs, firstTokenMs, idleMs } = spec.timeouts;
  after(attemptMs, () => ({
    kind: 'timeout',
    message: spec.deadlineBound
      ? `chain deadline reached after ${attemptMs} ms on ${model.name}`
      : `no complete answer from ${model.name} within ${attemptMs} ms (attempt timeout)`,
  }));
  let firstTokenTimer: NodeJS.Timeout | undefined;
  if (request.stream && firstTokenMs < attemptMs) {
    firstTokenTimer = after(firstTokenMs, () => ({
      kind: 'timeout',
      message: `no first token from ${model.name} within ${firstTokenMs} ms`,
    }));
  }
  let idleTimer: NodeJS.Timeout | undefined;
  const resetIdle = (): void => {
    if (idleTimer) {
      idleTimer.refresh();
      return;
    }
    idleTimer = after(idleMs, () => ({
      kind: 'timeout',
      message: `stream from ${model.name} stalled: nothing for ${idleMs} ms`,
    }));
  };

  const fail = (cls: ErrorClass, message: string, status?: number): AttemptResult => {
    result.outcome = cls;
    result.message = redact(message, spec.allKeys);
    if (status !== undefined) result.httpStatus = status;
    return result;
  };

  const state = new StreamState({
    keepContent: spec.keepContent !== false,
    ...(spec.onToken ? { onToken: spec.onToken } : {}),
    ...(spec.onReasoning ? { onReasoning: spec.onReasoning } : {}),
  });
  let headersSeen = false;
  /** Judges a streamed answer once it is over: in-band error, cut stream, or complete. */
  const finishStream = (cutMidEvent: boolean): AttemptResult => {
    copyStream(state, result);
    if (state.error) {
      const cls = classifyInBand(state.error);
      return fail(cls, `${model.name} sent an error mid-stream: ${state.error.message}`);
    }
    if (!state.complete) {
      const cut = cutMidEvent ? ' (cut mid-event)' : '';
      return fail(
        'bad_response',
        `stream from ${model.name} ended before finish_reason${cut} after ${state.contentChunks} content chunks`,
      );
    }
    return result;
  };

  try {
    const { origin, path } = endpoint(spec.baseUrl, '/chat/completions');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: request.stream ? 'text/event-stream' : 'application/json',
      'user-agent': spec.userAgent,
      ...spec.headers,
    };
    if (spec.key) headers.authorization = `Bearer ${spec.key.key.reveal()}`;
    const res = await spec.dispatcher.request({
      origin,
      path,
      method: 'POST',
      headers,
      body: wireBody(model.id, request),
      signal: controller,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    headersSeen = true;
    result.firstByte = clock.now();
    result.httpStatus = res.statusCode;

    if (res.statusCode < 200 || res.statusCode >= 300) {
      const text = await readLimited(res.body, MAX_ERROR_BODY);
      result.end = clock.now();
      const body = parseErrorBody(text);
      const cls = classifyHttp(res.statusCode, body);
      const retryAfter = parseRetryAfter(res.headers, clock.wallNow());
      if (retryAfter !== undefined) result.retryAfterMs = retryAfter;
      return fail(
        cls,
        httpMessage(cls, res.statusCode, body?.message, spec, retryAfter),
        res.statusCode,
      );
    }

    const contentType = String(res.headers['content-type'] ?? '');
    if (!request.stream || contentType.includes('application/json')) {
      const text = await readLimited(res.body, Number.POSITIVE_INFINITY);
      result.end = clock.now();
      return finishJson(text, result, state, spec, fail);
    }

    const parser = new SseParser();
    let finishTimer: NodeJS.Timeout | undefined;
    let over = false;
    // After [DONE] (or an error event) the rest of the body is read and dropped rather than
    // the stream destroyed: destroying makes undici build an AbortError on every request.
    // A server that then holds the connection open is cut off after the finish grace.
    for await (const chunk of res.body) {
      if (over) continue;
      const now = clock.now();
      for (const ev of parser.push(chunk as Buffer)) {
        const hadOutput = state.firstOutput !== undefined;
        over = state.onData(ev.data, now);
        if (!hadOutput && state.firstOutput !== undefined) clear(firstTokenTimer);
        if (over || (state.finishReason !== undefined && !finishTimer)) {
          finishTimer ??= after(FINISH_GRACE_MS, () => ({ kind: 'finished' }));
        }
        if (over) break;
      }
      if (!over && state.firstOutput !== undefined) resetIdle();
    }
    parser.end();
    result.end = clock.now();
    return finishStream(parser.pendingPartial);
  } catch (err) {
    result.end = clock.now();
    if (stop?.kind === 'finished') {
      // [DONE], an error event or finish_reason arrived and the server then held the
      // connection open: judge what was received.
      return finishStream(false);
    }
    copyStream(state, result);
    if (stop?.kind === 'cancelled') {
      result.outcome = 'cancelled';
      result.message = 'cancelled';
      return result;
    }
    if (stop?.kind === 'timeout') return fail('timeout', stop.message);
    if (headersSeen) {
      // The connection broke after the response started: a cut stream.
      return fail(
        'bad_response',
        `connection to ${spec.baseUrl} closed mid-response (${describe(err)})`,
      );
    }
    const cls = classifyNetworkError(err);
    const via = spec.proxy ? ` via proxy ${spec.proxy}` : '';
    return fail(cls, `cannot reach ${spec.baseUrl}${via}: ${describe(err)}`);
  } finally {
    for (const t of timers) clearTimeout(t);
    spec.signal?.removeEventListener('abort', onUserAbort);
  }
}

function copyStream(state: StreamState, result: AttemptResult): void {
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

/** A non-streaming answer: one JSON document with choices[0].message. */
function finishJson(
  text: string,
  result: AttemptResult,
  state: StreamState,
  spec: AttemptSpec,
  fail: (cls: ErrorClass, message: string) => AttemptResult,
): AttemptResult {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return fail('bad_response', `${spec.model.name} answered with invalid JSON`);
  }
  if (doc.error) {
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

function httpMessage(
  cls: ErrorClass,
  status: number,
  serverMessage: string | undefined,
  spec: AttemptSpec,
  retryAfterMs: number | undefined,
): string {
  const reason = serverMessage ? `: ${serverMessage}` : '';
  switch (cls) {
    case 'auth':
      return spec.key
        ? `HTTP ${status} from ${spec.baseUrl}: the key from ${spec.key.source} (${spec.key.key.fingerprint}) was rejected${reason}`
        : `HTTP ${status} from ${spec.baseUrl}: no API key was set; set SHEPHERD_API_KEY or name a variable with --api-key-env${reason}`;
    case 'not_found':
      return `HTTP 404: ${spec.model.id} not found at ${spec.baseUrl}${reason}; run \`shepherd models\` to see what the gateway offers`;
    case 'rate_limited':
      return `HTTP 429 from ${spec.model.name} (${
        retryAfterMs === undefined ? 'no Retry-After' : `Retry-After ${retryAfterMs} ms`
      })${reason}`;
    case 'content_filter':
      return `refused by the provider's content filter${reason}`;
    default:
      return `HTTP ${status} from ${spec.model.name}${reason}`;
  }
}

async function readLimited(body: AsyncIterable<unknown>, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size < limit) parts.push(buf);
    size += buf.length;
  }
  return Buffer.concat(parts).toString('utf8');
}

function describe(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
