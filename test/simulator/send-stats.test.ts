import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/bench/histogram.js';
import { MsHistogram } from '../../src/simulator/send-stats.js';

describe('the simulator’s send histograms', () => {
  it('give exactly the figures the bench reports for the same values', () => {
    const sim = new MsHistogram();
    const bench = new Histogram();
    let x = 7;
    const next = (): number => {
      x = (x * 48271) % 2147483647;
      return x / 2147483647;
    };
    for (let i = 0; i < 5000; i++) {
      const v = i % 10 === 0 ? 0 : 200 * next() ** 3 + next();
      const n = i % 7 === 0 ? 3 : 1;
      sim.record(v, n);
      bench.record(v, n);
    }
    sim.record(-1);
    bench.record(-1);
    const b = bench.summary();
    expect(sim.summary()).toEqual({
      p50: b.p50,
      p90: b.p90,
      p99: b.p99,
      max: b.max,
      mean: b.mean,
      count: b.count,
    });
    expect(new MsHistogram().summary()).toMatchObject({ p50: null, count: 0 });
  });
});
