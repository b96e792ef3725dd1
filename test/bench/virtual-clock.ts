import type { Clock } from '../../src/core/clock.js';

interface Timer {
  at: number;
  id: number;
  resolve: () => void;
}

/**
 * A virtual clock for engine tests: time moves only when `run` finds nothing left to do but
 * wait for the next timer, and `stall(ms)` moves it without firing timers (a blocked client).
 */
export class VirtualClock implements Clock {
  private t = 0;
  private nextId = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.t;
  }

  wallNow(): number {
    return 1_700_000_000_000 + this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.t + Math.max(0, ms),
        id: this.nextId++,
        resolve: () => undefined,
      };
      const onAbort = (): void => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal?.reason);
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** The client is blocked for `ms`: time passes, no timer fires meanwhile. */
  stall(ms: number): void {
    this.t += ms;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Drives `promise` to completion in virtual time (bounded: throws after `maxSteps`). */
  async run<T>(promise: Promise<T>, maxSteps = 200_000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let step = 0; step < maxSteps; step++) {
      await flush();
      if (settled) return promise;
      if (this.timers.length === 0)
        throw new Error(`virtual clock: deadlock at t=${this.t} (nothing scheduled)`);
      let next = this.timers[0] as Timer;
      for (const x of this.timers)
        if (x.at < next.at || (x.at === next.at && x.id < next.id)) next = x;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    throw new Error('virtual clock: step limit reached');
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
}
