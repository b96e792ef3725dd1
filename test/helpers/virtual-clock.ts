import type { Clock } from '../../src/core/clock.js';

/**
 * A clock whose sleeps return at once but move time forward, and record what was asked:
 * retry and backoff logic can be checked for "waited at least 2 s" without waiting.
 * now() is the real monotonic time plus all the virtual sleeps.
 *
 * wallNow() is the real wall clock plus the offsets, unless `frozenWall` is given: then wall
 * time starts there and moves only by sleeps and advanceWall(). Tests that step a breaker
 * cooldown to within a few ms need that: with real time under it, a busy machine adds
 * hundreds of ms between two steps and the cooldown ends early.
 */
export class VirtualClock implements Clock {
  offset = 0;
  wallOffset = 0;
  readonly #frozenWall: number | undefined;
  constructor(options: { frozenWall?: number } = {}) {
    this.#frozenWall = options.frozenWall;
  }
  readonly sleeps: number[] = [];
  now(): number {
    return performance.now() + this.offset;
  }
  wallNow(): number {
    return (this.#frozenWall ?? Date.now()) + this.offset + this.wallOffset;
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
