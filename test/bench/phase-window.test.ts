import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import {
  clearOfSends,
  napUntil,
  SEND_SPARE_MS,
  SPIN_SLICE_MS,
  type PhaseWindow,
} from '../../src/bench/phase-window.js';
import { VirtualClock } from './virtual-clock.js';

/** A clock that moves 1 µs at every reading (time passing while a loop spins), and by sleeps. */
function tickingClock(): Clock & { readings: number } {
  let t = 0;
  const c = {
    readings: 0,
    now: () => {
      c.readings += 1;
      t += 0.001;
      return t;
    },
    wallNow: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
  return c;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('napUntil', () => {
  it('spins the last ms in slices, letting I/O through between them, not once per clock reading', async () => {
    const clock = tickingClock();
    const turns = vi.spyOn(globalThis, 'setImmediate');
    const at = 10;
    await napUntil(clock, at, new AbortController().signal);
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(at);
    expect(now).toBeLessThan(at + 0.01);
    // About 2 ms of spinning in slices: ~2 / SPIN_SLICE_MS turns of the event loop, while
    // the clock was read ~2000 times.
    expect(clock.readings).toBeGreaterThan(1000);
    expect(turns.mock.calls.length).toBeLessThanOrEqual(Math.ceil(2 / SPIN_SLICE_MS) + 2);
  });

  it('sleeps the rest on a clock that does not move by itself', async () => {
    const clock = new VirtualClock();
    const run = napUntil(clock, 50, new AbortController().signal);
    await clock.run(run);
    expect(clock.now()).toBe(50);
  });
});

describe('clearOfSends', () => {
  const window = (nextSendAt?: number): PhaseWindow => ({
    phase: 'measure',
    start: 0,
    end: undefined,
    limit: undefined,
    record: true,
    stopping: false,
    nextSendAt,
  });

  it('goes at once when no send is due soon', async () => {
    const clock = new VirtualClock();
    await clock.run(clearOfSends(clock, window(100), 5, 250, new AbortController().signal));
    expect(clock.now()).toBe(0);
    await clock.run(clearOfSends(clock, window(), 5, 250, new AbortController().signal));
    expect(clock.now()).toBe(0);
  });

  it('waits until just after a send that the work would hold up', async () => {
    const clock = new VirtualClock();
    const w = window(5 + SEND_SPARE_MS - 1);
    const waiting = clearOfSends(clock, w, 5, 250, new AbortController().signal);
    // The send goes at its time; the next one is far.
    void clock.sleep(w.nextSendAt as number).then(() => (w.nextSendAt = 1000));
    await clock.run(waiting);
    expect(clock.now()).toBeCloseTo(5 + SEND_SPARE_MS - 1 + 0.5, 9);
  });

  it('gives up after its bound when sends keep coming', async () => {
    const clock = new VirtualClock();
    const w = window(1);
    const waiting = clearOfSends(clock, w, 5, 20, new AbortController().signal);
    // A send every ms, each announcing the next.
    let sending = true;
    void (async () => {
      while (sending) {
        await clock.sleep(1);
        w.nextSendAt = clock.now() + 1;
      }
    })();
    await clock.run(waiting);
    sending = false;
    expect(clock.now()).toBe(20);
  });
});
