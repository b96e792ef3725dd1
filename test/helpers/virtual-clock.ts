import type { Clock } from '../../src/core/clock.js';

/**
 * A clock whose sleeps return at once but move time forward, and record what was asked:
 * retry and backoff logic can be checked for "waited at least 2 s" without waiting.
 * now() is the real monotonic time plus all the virtual sleeps.
 */
export class VirtualClock implements Clock {
  offset = 0;
  wallOffset = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return performance.now() + this.offset;
  }
  wallNow(): number {
    return Date.now() + this.offset + this.wallOffset;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.offset += ms;
  }
  /** Moves wall time only (breaker cooldowns across runs). */
  advanceWall(ms: number): void {
    this.wallOffset += ms;
  }
}
