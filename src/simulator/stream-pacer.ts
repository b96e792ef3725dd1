import type { Exchange } from './exchange.js';

/**
 * Buffers SSE events between waits, so a zero-latency profile sends a whole stream in one
 * write. Waits are scheduled against absolute due times, so timer lateness never accumulates
 * over a stream: with fixed latencies the n-th token is due at ttft + (n−1)·itl exactly.
 */
export class StreamPacer {
  pending = '';
  #due = performance.now();

  constructor(private readonly x: Exchange) {}

  write(event: string): void {
    this.pending += event;
  }

  flush(): void {
    if (this.pending && !this.x.gone) this.x.res.write(this.pending);
    this.pending = '';
  }

  /** Flushes and waits `ms` after the last due time; false once the client is gone. */
  async wait(ms: number): Promise<boolean> {
    if (ms <= 0) return !this.x.gone;
    this.#due += ms;
    this.flush();
    const delay = this.#due - performance.now();
    return delay > 0 ? this.x.sleep(delay) : !this.x.gone;
  }
}
