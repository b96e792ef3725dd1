import { describe, expect, it } from 'vitest';
import { SendWheel, type WheelTimers } from '../../src/simulator/send-wheel.js';

/**
 * A fake clock and timer queue: time moves only by advanceTo(); a timeout fires when the
 * clock reaches its start + ms (minus `early`, to model Node's cached loop clock firing a
 * timer before its time); immediates run after the timeouts of each step.
 */
class FakeTimers implements WheelTimers {
  t = 0;
  /** How early every timeout fires, ms. */
  early = 0;
  timeouts = new Map<number, { at: number; fn: () => void }>();
  immediates = new Map<number, () => void>();
  #id = 0;
  /** Most timeouts pending at once. */
  peakTimeouts = 0;
  armedTimeouts: number[] = [];

  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.#id;
    this.timeouts.set(id, { at: this.t + Math.max(1, ms) - this.early, fn });
    this.armedTimeouts.push(ms);
    this.peakTimeouts = Math.max(this.peakTimeouts, this.timeouts.size);
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.timeouts.delete(h as number);
  };
  setImmediate = (fn: () => void): unknown => {
    const id = ++this.#id;
    this.immediates.set(id, fn);
    return id;
  };
  clearImmediate = (h: unknown): void => {
    this.immediates.delete(h as number);
  };

  /** Moves the clock to `t` in 0.1 ms steps, running what is due at each step. */
  advanceTo(t: number): void {
    while (this.t < t - 1e-9) {
      this.t = Math.min(t, Math.round((this.t + 0.1) * 10) / 10);
      this.#runStep();
    }
    this.#runStep();
  }

  #runStep(): void {
    for (const [id, timer] of [...this.timeouts].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.t + 1e-9) continue;
      this.timeouts.delete(id);
      timer.fn();
    }
    // One round of immediates per step (as one turn of the event loop).
    const now = [...this.immediates];
    this.immediates.clear();
    for (const [, fn] of now) fn();
  }
}

function setup(earlyMs = 0.5): { timers: FakeTimers; wheel: SendWheel; fired: string[] } {
  const timers = new FakeTimers();
  return { timers, wheel: new SendWheel(timers, earlyMs), fired: [] };
}

describe('send wheel', () => {
  it('emits every wait due by a tick in that one tick, in due order (equal dues in order scheduled)', () => {
    const { timers, wheel, fired } = setup();
    wheel.at(12, () => fired.push('c'));
    wheel.at(10, () => fired.push('a'));
    wheel.at(10, () => fired.push('b'));
    wheel.at(30, () => fired.push('d'));
    timers.advanceTo(9.4);
    expect(fired).toEqual([]);
    const before = wheel.ticks;
    // Jump past all three at once (a busy loop): one tick sends them all.
    timers.t = 12.5;
    timers.advanceTo(12.5);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(wheel.ticks - before).toBe(1);
    expect(wheel.pending).toBe(1);
    timers.advanceTo(40);
    expect(fired).toEqual(['a', 'b', 'c', 'd']);
  });

  for (const earlyMs of [0.5, 0]) {
    it(`never emits a wait more than earlyMs (${earlyMs}) before its due time, even when the timer fires early`, () => {
      const { timers, wheel } = setup(earlyMs);
      timers.early = 0.9;
      const at: number[] = [];
      const dues = [5, 20.3, 20.35, 47.01];
      for (const due of dues) wheel.at(due, () => at.push(timers.t));
      timers.advanceTo(60);
      expect(at).toHaveLength(4);
      at.forEach((t, i) => {
        expect(t).toBeGreaterThanOrEqual(dues[i]! - earlyMs - 1e-9);
        // Early timers here: the poll (one per 0.1 ms step) sends it by its due time.
        expect(t - dues[i]!).toBeLessThanOrEqual(0.1 + 1e-9);
      });
    });
  }

  it('sleeps on one timer for the whole delay and polls only after the timer fired early', () => {
    const { timers, wheel } = setup();
    const at: number[] = [];
    wheel.at(50.3, () => at.push(timers.t));
    // Armed a quarter of a millisecond ahead, rounded: sends centre on their due time.
    expect(timers.armedTimeouts).toEqual([50]);
    timers.early = 0; // fires on time: no poll at all
    let polls = 0;
    const realImmediate = timers.setImmediate;
    timers.setImmediate = (fn) => {
      polls += 1;
      return realImmediate(fn);
    };
    timers.advanceTo(60);
    expect(at).toEqual([50]);
    expect(polls).toBe(0);
    // A timer that fires 0.9 ms early: the tick sends nothing and polls until 0.5 ms before.
    timers.early = 0.9;
    wheel.at(80, () => at.push(timers.t));
    timers.advanceTo(90);
    expect(at[1]).toBe(79.5);
    expect(polls).toBeGreaterThan(0);
    expect(polls).toBeLessThanOrEqual(5);
  });

  it('keeps one timer for a thousand streams', () => {
    const { timers, wheel } = setup();
    let sent = 0;
    // 1000 streams, 20 ms apart, each rescheduling itself 20 ms later for 10 chunks.
    for (let s = 0; s < 1000; s++) {
      let due = 100 + s * 0.02;
      let left = 10;
      const next = (): void => {
        sent += 1;
        if (--left > 0) {
          due += 20;
          wheel.at(due, next);
        }
      };
      wheel.at(due, next);
    }
    timers.advanceTo(400);
    expect(sent).toBe(10_000);
    expect(timers.peakTimeouts).toBe(1);
    expect(wheel.pending).toBe(0);
  });

  it('re-arms for a wait earlier than the armed one', () => {
    const { timers, wheel, fired } = setup();
    wheel.at(100, () => fired.push('late'));
    wheel.at(30, () => fired.push('early'));
    expect(timers.timeouts.size).toBe(1);
    timers.advanceTo(31);
    expect(fired).toEqual(['early']);
    timers.advanceTo(101);
    expect(fired).toEqual(['early', 'late']);
  });

  it('cancel fires false at once, never fires it again, and leaves no timer when nothing waits', () => {
    const { timers, wheel } = setup();
    const results: boolean[] = [];
    const a = wheel.at(10, (ok) => results.push(ok));
    const b = wheel.at(20, (ok) => results.push(ok));
    wheel.cancel(a);
    expect(results).toEqual([false]);
    wheel.cancel(a);
    expect(results).toEqual([false]);
    timers.advanceTo(15);
    expect(results).toEqual([false]);
    wheel.cancel(b);
    expect(results).toEqual([false, false]);
    expect(wheel.pending).toBe(0);
    expect(timers.timeouts.size + timers.immediates.size).toBe(0);
    timers.advanceTo(30);
    expect(results).toEqual([false, false]);
  });

  it('a long tick also sends what fell due while it ran', () => {
    const { timers, wheel, fired } = setup();
    for (let i = 0; i < 64; i++) {
      wheel.at(10, () => {
        timers.t += 0.5; // each send takes 0.5 ms
        fired.push('x');
      });
    }
    wheel.at(20, () => fired.push('later'));
    timers.advanceTo(9.4);
    const before = wheel.ticks;
    timers.advanceTo(10);
    expect(fired.filter((f) => f === 'x')).toHaveLength(64);
    expect(fired.at(-1)).toBe('later');
    expect(wheel.ticks - before).toBe(1);
  });

  it('a wait scheduled from inside a tick for a time already past goes out in that tick', () => {
    const { timers, wheel, fired } = setup();
    wheel.at(10, () => {
      fired.push('first');
      wheel.at(5, () => fired.push('past'));
    });
    timers.advanceTo(9.4);
    const before = wheel.ticks;
    timers.advanceTo(10);
    expect(fired).toEqual(['first', 'past']);
    expect(wheel.ticks - before).toBe(1);
    expect(timers.timeouts.size + timers.immediates.size).toBe(0);
  });
});
