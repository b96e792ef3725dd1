import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { SimLogEntry } from './log.js';
import type { SendStats } from './send-stats.js';
import type { SendWheel, WheelEntry } from './send-wheel.js';

/** The simulator-wide scheduler and send record every exchange times its sends with. */
export interface SendClock {
  wheel: SendWheel;
  stats: SendStats;
}

/**
 * One request/response pair with an AbortSignal that fires when the client goes away or
 * the simulator closes, so every wait (latency, stall, no answer) ends with it.
 */
export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly entry: SimLogEntry;
  /** performance.now() when the request arrived (a queue wait counts from here). */
  readonly arrivedAt = performance.now();
  readonly clock: SendClock;
  readonly #controller = new AbortController();
  /** The wait in progress on the wheel, cancelled when the exchange ends. */
  #waiting: WheelEntry | undefined;
  #ended = false;

  constructor(req: IncomingMessage, res: ServerResponse, entry: SimLogEntry, clock: SendClock) {
    this.req = req;
    this.res = res;
    this.entry = entry;
    this.clock = clock;
    res.on('close', () => this.abort());
    // A write racing a client that just left must not take the simulator down.
    res.on('error', () => this.abort());
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get gone(): boolean {
    return this.#ended || this.res.destroyed;
  }

  abort(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#controller.abort();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) this.clock.wheel.cancel(waiting);
  }

  /** Waits `ms`; resolves false (at once) when the exchange ended meanwhile. */
  sleep(ms: number): Promise<boolean> {
    return this.until(performance.now() + ms);
  }

  /**
   * Waits until `due` (a performance.now() time) on the simulator's one send wheel; true then,
   * false at once when the exchange ends first. A due time already past resolves true at once.
   */
  until(due: number): Promise<boolean> {
    if (this.gone) return Promise.resolve(false);
    if (due <= performance.now()) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.#waiting = this.clock.wheel.at(due, (ok) => {
        this.#waiting = undefined;
        resolve(ok);
      });
    });
  }

  /** Waits until the client goes away or the simulator closes. */
  waitForever(): Promise<void> {
    const signal = this.#controller.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }

  head(status: number, headers: OutgoingHttpHeaders): void {
    this.entry.status = status;
    this.res.writeHead(status, headers);
  }

  /** A complete JSON response. */
  json(status: number, body: string, headers: OutgoingHttpHeaders = {}): void {
    if (this.gone) return;
    this.head(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    this.res.end(body);
  }

  /** Drops the connection once what was written has left (a stream cut mid-answer). */
  dropAfterFlush(): void {
    this.abort();
    const socket = this.req.socket;
    const drop = (): void => {
      if (socket.writableLength > 0) socket.once('drain', () => socket.destroy());
      else socket.destroy();
    };
    // After process.nextTick, when the response has uncorked the socket.
    setImmediate(drop);
  }

  /** Resets the connection with a TCP RST (the client sees ECONNRESET). */
  reset(): void {
    this.abort();
    this.req.socket.resetAndDestroy();
  }

  /** Drops the connection without a (further) byte. */
  destroy(): void {
    this.req.socket.destroy();
    this.abort();
  }
}
