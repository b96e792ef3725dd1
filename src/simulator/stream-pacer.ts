import type { ServerResponse } from 'node:http';
import type { Exchange } from './exchange.js';

/**
 * Buffers SSE events between waits, so a zero-latency profile sends a whole stream in one
 * write. Waits are scheduled on the simulator's send wheel against absolute due times, so
 * timer lateness never accumulates over a stream: with fixed latencies the n-th token is due
 * at ttft + (n−1)·itl exactly.
 *
 * Each write goes to the socket at once (not at the end of the tick) and its time is
 * recorded: the first content chunk's as the answer's TTFT, each later one's gap as an ITL,
 * the last byte's as its latency, and how late it went out against its due time.
 */
export class StreamPacer {
  pending = '';
  #due: number;
  /** Content events in `pending`. */
  #contents = 0;
  /** Write time of the last content chunk sent; −1 before the first. */
  #lastContentAt = -1;
  /** Due time of the oldest event in `pending` that followed a timed wait (its lateness counts); −1 for none. */
  #timedDue = -1;

  /** `origin`: the time the first wait counts from (performance.now()). */
  constructor(
    private readonly x: Exchange,
    origin = performance.now(),
  ) {
    this.#due = origin;
  }

  write(event: string): void {
    this.pending += event;
  }

  /** A content event: its write time feeds TTFT and ITL. */
  writeContent(event: string): void {
    this.pending += event;
    this.#contents += 1;
  }

  flush(): void {
    if (this.pending && !this.x.gone) {
      writeNow(this.x.res, this.pending);
      this.#sent(performance.now());
    }
    this.pending = '';
    this.#contents = 0;
  }

  /** Sends what is pending with the end of the response; records the answer's latency. */
  end(): void {
    if (this.x.gone) return;
    const res = this.x.res;
    res.end(this.pending);
    const now = performance.now();
    if (this.pending) this.#sent(now);
    this.pending = '';
    this.#contents = 0;
    const latency = now - this.x.arrivedAt;
    this.x.entry.sentMs = roundUs(latency);
    this.x.clock.stats.latency.record(latency);
  }

  /**
   * Flushes and waits `ms` after the last due time; false once the client is gone. When that
   * time has already passed (the simulator is behind), nothing is flushed: what is pending and
   * what comes next go out together in one write at the first due time still ahead, as a
   * server that fell behind sends what it has, instead of one write per overdue token.
   */
  async wait(ms: number): Promise<boolean> {
    if (ms <= 0) return !this.x.gone;
    this.#due += ms;
    if (this.#due <= performance.now()) {
      if (this.#timedDue < 0) this.#timedDue = this.#due;
      return !this.x.gone;
    }
    this.flush();
    this.#timedDue = this.#due;
    return this.x.until(this.#due);
  }

  #sent(now: number): void {
    const stats = this.x.clock.stats;
    stats.writes += 1;
    if (this.#timedDue >= 0) stats.late.record(now - this.#timedDue);
    this.#timedDue = -1;
    const n = this.#contents;
    if (n === 0) return;
    if (this.#lastContentAt < 0) {
      const ttft = now - this.x.arrivedAt;
      this.x.entry.sentTtftMs = roundUs(ttft);
      stats.ttft.record(ttft);
    } else {
      stats.itl.record(now - this.#lastContentAt);
    }
    // Chunks written together reach the client in one read: gaps of 0, as it measures them.
    if (n > 1) stats.itl.record(0, n - 1);
    this.#lastContentAt = now;
  }
}

/**
 * Writes SSE text to the socket at once, as one HTTP chunk in one write: `res.write()` of a
 * chunked response corks the socket until the next tick and hands it four pieces (size line,
 * CRLF, data, CRLF), which costs more per event and sends later than the time recorded. The
 * chunk is framed here instead when the response is chunked and owns its socket (not a
 * pipelined response still waiting its turn); otherwise `res.write()` and an uncork.
 */
export function writeNow(res: ServerResponse, text: string): void {
  const socket = res.socket;
  if (socket && res.headersSent && (res as { chunkedEncoding?: boolean }).chunkedEncoding) {
    socket.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`);
    return;
  }
  res.write(text);
  socket?.uncork();
}

/** ms rounded to µs (no 0.30000000000000004 in the log). */
export function roundUs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
