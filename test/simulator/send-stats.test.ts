import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/core/histogram.js';
import { SendStats, sentFigure } from '../../src/simulator/send-stats.js';

describe('the simulator’s send figures', () => {
  it('are the bench’s figures for the same values (same histogram, same percentile rule)', () => {
    const stats = new SendStats();
    const bench = new Histogram();
    let x = 7;
    const next = (): number => {
      x = (x * 48271) % 2147483647;
      return x / 2147483647;
    };
    for (let i = 0; i < 5000; i++) {
      const v = i % 10 === 0 ? 0 : 200 * next() ** 3 + next();
      const n = i % 7 === 0 ? 3 : 1;
      stats.itl.record(v, n);
      bench.record(v, n);
    }
    stats.itl.record(-1);
    bench.record(-1);
    const b = bench.summary();
    expect(stats.toJSON().itl_ms).toEqual({
      p50: b.p50,
      p90: b.p90,
      p99: b.p99,
      max: b.max,
      mean: b.mean,
      count: b.count,
    });
    expect(sentFigure(new Histogram())).toMatchObject({ p50: null, count: 0 });
    stats.reset();
    expect(stats.toJSON().itl_ms).toMatchObject({ p50: null, count: 0 });
  });
});
