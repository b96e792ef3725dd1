import { describe, expect, it } from 'vitest';
import { lagWarning } from '../../src/bench/client-check.js';

describe('lagWarning', () => {
  it('is quiet on a healthy loop', () => {
    expect(lagWarning({ p99: 1.2, max: 30 }, false)).toBeUndefined();
    expect(lagWarning({ p99: null, max: null }, true)).toBeUndefined();
  });

  it('warns on p99 over 10 ms and on a max over 100 ms alone', () => {
    expect(lagWarning({ p99: 25, max: 80 }, false)).toMatch(
      /^event-loop lag p99 25\.0 ms, max 80\.0 ms is over 10 ms/,
    );
    const stall = lagWarning({ p99: 3, max: 1000 }, false);
    expect(stall).toMatch(/froze for up to 1000 ms/);
    expect(stall).toMatch(/latency, TTFT, ITL and TPOT/);
    expect(stall).not.toMatch(/sched_lag/); // closed loop: no schedule to fall behind
    expect(lagWarning({ p99: 3, max: 1000 }, true)).toMatch(/sched_lag/);
  });
});
