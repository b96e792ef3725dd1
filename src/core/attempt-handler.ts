import type { Dispatcher } from 'undici';
import { finishJson } from './attempt-json.js';
import { failHttp, failThrown, startResult, type Fail } from './attempt-outcome.js';
import type { AttemptSpec } from './attempt-spec.js';
import { finishStream } from './attempt-stream.js';
import { AttemptTimers } from './attempt-timers.js';
import { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLarge, STREAM_LIMIT_FACTOR } from './body-limit.js';
import { codingsOf, decodingPipe, type BytePipe } from './content-encoding.js';
import { redact } from './keys.js';
import { rawHeader, type RawHeaders } from './raw-headers.js';
import { endpoint, wireBodyBytes } from './request.js';
import type { AttemptResult } from './result.js';
import { SseParser } from './sse.js';
import { StreamState } from './stream-state.js';
import { wireHeaders } from './wire-headers.js';

/** How much of an error body is read (the rest is never read: an endless one ends here). */
const MAX_ERROR_BODY = 64 * 1024;

type Mode = 'json' | 'sse' | 'error';

/**
 * One attempt as an undici dispatch handler: the request goes out with pre-built headers and
 * a Buffer body, and the answer is read from the raw chunks as they arrive (no Readable body,
 * no async iteration): the JSON body collected under its size limit, SSE parsed chunk by
 * chunk with each content delta timestamped on arrival, an error body read up to 64 KiB.
 * A compressed body goes through the zlib decoders first. Every outcome ends in exactly one
 * call of `resolve` with the attempt's record; nothing throws.
 */
/** Judges an attempt's settled record (or starts what follows it) before its caller gets it. */
export type AfterSettle = (result: AttemptResult) => AttemptResult | Promise<AttemptResult>;

export class AttemptHandler implements Dispatcher.DispatchHandler {
  readonly #spec: AttemptSpec;
  readonly #resolve: (result: AttemptResult | Promise<AttemptResult>) => void;
  readonly #reject: ((error: unknown) => void) | undefined;
  readonly #after: AfterSettle | undefined;
  readonly #result: AttemptResult;
  /** Streamed answers only (made when the headers say it is SSE). */
  #state: StreamState | undefined;
  readonly #timers: AttemptTimers;
  #abort: ((err?: Error) => void) | undefined;
  #settled = false;
  #headersSeen = false;
  #mode: Mode = 'json';
  #raw: RawHeaders = [];
  #parts: Buffer[] = [];
  #size = 0;
  #limit = 0;
  #parser: SseParser | undefined;
  /** [DONE] or an error event came: the rest of the body is read and dropped. */
  #over = false;
  /** The zlib decoders, when the body is compressed. */
  #input: BytePipe | undefined;

  /**
   * `after` (when given) judges the settled record before `resolve` gets it; what it throws
   * goes to `reject`. Held here rather than in a closure: one fewer function per request.
   */
  constructor(
    spec: AttemptSpec,
    resolve: (result: AttemptResult | Promise<AttemptResult>) => void,
    reject?: (error: unknown) => void,
    after?: AfterSettle,
  ) {
    this.#spec = spec;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#after = after;
    this.#result = startResult(spec);
    this.#timers = new AttemptTimers(spec, this);
  }

  /** Sends the POST /chat/completions (or settles at once when already cancelled). */
  start(): void {
    const spec = this.#spec;
    if (this.#timers.stop) {
      this.onError(new Error('cancelled before it was sent'));
      return;
    }
    const { origin, path } = spec.endpoint ?? endpoint(spec.baseUrl, '/chat/completions');
    // undici's dispatch calls onError itself when the options are refused.
    spec.dispatcher.dispatch(
      {
        origin,
        path,
        method: 'POST',
        headers: wireHeaders(spec),
        body: wireBodyBytes(spec.model.id, spec.request),
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      this,
    );
  }

  onConnect(abort: (err?: Error) => void): void {
    this.#abort = abort;
    // Stopped while it waited for a connection: it is never written.
    if (this.#timers.stop) abort();
  }

  onHeaders(statusCode: number, raw: Buffer[]): boolean {
    if (this.#settled) return true;
    const spec = this.#spec;
    this.#headersSeen = true;
    this.#result.firstByte = spec.clock.now();
    this.#result.httpStatus = statusCode;
    const limit = spec.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (statusCode < 200 || statusCode >= 300) {
      this.#mode = 'error';
      this.#raw = raw;
      this.#limit = MAX_ERROR_BODY;
    } else if (
      !spec.request.stream ||
      rawHeader(raw, 'content-type')?.includes('application/json')
    ) {
      this.#mode = 'json';
      this.#limit = limit;
    } else {
      this.#mode = 'sse';
      this.#limit = limit * STREAM_LIMIT_FACTOR;
      this.#parser = new SseParser();
      this.#state = new StreamState({
        keepContent: spec.keepContent !== false,
        ...(spec.onToken ? { onToken: spec.onToken } : {}),
        ...(spec.onReasoning ? { onReasoning: spec.onReasoning } : {}),
        ...(spec.onFirstToken ? { onFirstToken: spec.onFirstToken } : {}),
      });
    }
    const coding = rawHeader(raw, 'content-encoding');
    if (coding !== undefined) this.#decodeWith(codingsOf(coding));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#settled) return true; // what follows an answer already judged is drained
    if (this.#input) this.#input.write(chunk);
    else this.#consume(chunk);
    return true;
  }

  onComplete(): void {
    if (this.#settled) return;
    if (this.#input) this.#input.end();
    else this.#complete();
  }

  onError(err: Error): void {
    if (this.#settled) return;
    this.#result.end = this.#spec.clock.now();
    this.#settle(
      failThrown(err, {
        result: this.#result,
        state: this.#state,
        stop: this.#timers.stop,
        spec: this.#spec,
        headersSeen: this.#headersSeen,
        fail: this.#fail,
      }),
    );
  }

  /** The timers stopped the attempt (timeout, cancel, finish grace): the request is cut off. */
  stopped(): void {
    this.#abort?.();
  }

  /** Marks the record failed (made only when something fails or is judged). */
  get #fail(): Fail {
    return (cls, message, status) => {
      const result = this.#result;
      result.outcome = cls;
      result.message = redact(message, this.#spec.allKeys);
      if (status !== undefined) result.httpStatus = status;
      return result;
    };
  }

  #decodeWith(codings: string[]): void {
    if (codings.length === 0) return;
    try {
      this.#input = decodingPipe(codings, {
        write: (c) => this.#consume(c),
        end: () => this.#complete(),
        error: (err) => this.#failAndCut(err),
      });
    } catch (err) {
      // A coding shepherd cannot decode: judged now, the body drained behind it.
      this.#failAndCut(err as Error, false);
    }
  }

  #consume(chunk: Buffer): void {
    if (this.#settled) return;
    if (this.#mode === 'sse') {
      this.#sse(chunk);
      return;
    }
    this.#size += chunk.length;
    if (this.#mode === 'json' && this.#size > this.#limit) {
      this.#tooLarge(`${this.#spec.model.name}'s answer`);
      return;
    }
    this.#parts.push(chunk);
    if (this.#mode === 'error' && this.#size >= this.#limit) {
      this.#complete();
      this.#abort?.(); // the rest is never read
    }
  }

  #sse(chunk: Buffer): void {
    if (this.#over) return;
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      this.#tooLarge(`${this.#spec.model.name}'s stream`);
      return;
    }
    const state = this.#state as StreamState;
    const timers = this.#timers;
    const now = this.#spec.clock.now();
    const events = (this.#parser as SseParser).push(chunk);
    for (const ev of events) {
      const hadOutput = state.firstOutput !== undefined;
      this.#over = state.onData(ev.data, now);
      if (!hadOutput && state.firstOutput !== undefined) timers.firstOutputSeen();
      if (this.#over || state.finishReason !== undefined) timers.startFinishGrace();
      if (this.#over) return;
    }
    // Only a data event is progress: comment lines (`: ping`), blank lines and bytes of an
    // unfinished event do not hold off the idle timeout, so a stream that only pings stalls.
    if (events.length > 0 && state.firstOutput !== undefined) timers.resetIdle();
  }

  /** The body is over: judge it. */
  #complete(): void {
    if (this.#settled) return;
    const spec = this.#spec;
    const result = this.#result;
    result.end = spec.clock.now();
    if (this.#mode === 'sse') {
      const parser = this.#parser as SseParser;
      parser.end();
      this.#settle(
        finishStream(
          this.#state as StreamState,
          result,
          spec.model.name,
          parser.pendingPartial,
          this.#fail,
        ),
      );
      return;
    }
    const parts = this.#parts;
    const text = (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)).toString(
      'utf8',
    );
    if (this.#mode === 'error') {
      this.#settle(failHttp(text, this.#raw, result, spec, this.#fail));
      return;
    }
    this.#settle(finishJson(text, result, spec, this.#fail));
  }

  #tooLarge(what: string): void {
    this.#failAndCut(new ResponseTooLarge(what, this.#size, this.#limit));
  }

  /** The body itself failed (too large, undecodable): judged now, the request cut off (or drained). */
  #failAndCut(err: Error, cut = true): void {
    if (this.#settled) return;
    this.onError(err);
    if (cut) this.#abort?.();
  }

  #settle(result: AttemptResult): void {
    this.#settled = true;
    this.#timers.dispose();
    const after = this.#after;
    if (!after) return this.#resolve(result);
    try {
      this.#resolve(after(result));
    } catch (error) {
      this.#reject?.(error);
    }
  }
}
