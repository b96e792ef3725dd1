import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import {
  clearOfSends,
  napUntil,
  SEND_SPARE_MS,
  SPIN_SLICE_MS,
  type PhaseWindow,
} from '../../src/bench/phase-window.js';
import { VirtualClock } from './virtual-clock.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('napUntil', () => {
  it('sleeps the last 2 ms in short slices, the thread asleep, with I/O let through between them', async () => {
    // Once before, so what is measured is the wait and not the first call's compilation.
    await napUntil(systemClock, performance.now() + 3, new AbortController().signal);
    const turns = vi.spyOn(globalThis, 'setImmediate');
    const at = performance.now() + 5;
    const cpu = process.cpuUsage();
    await napUntil(systemClock, at, new AbortController().signal);
    const used = process.cpuUsage(cpu);
    expect(performance.now()).toBeGreaterThanOrEqual(at);
    // At most one turn of the event loop per slice.
    expect(turns.mock.calls.length).toBeLessThanOrEqual(Math.ceil(2 / SPIN_SLICE_MS) + 2);
    // Spinning on the clock would have used those 2 ms of CPU; asleep, a fraction of them.
    expect((used.user + used.system) / 1000).toBeLessThan(1.5);
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
