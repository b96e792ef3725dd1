import { describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../src/bench/baseline.js';
import { buildBenchResult } from '../../src/bench/result.js';
import type { BenchResult } from '../../src/bench/result-types.js';
import { createRng } from '../../src/core/rng.js';
import { TargetStats } from '../../src/bench/stats.js';
import { attempt, okAttempt } from './helpers.js';

/** A run of `n` ok requests with log-normal latency (median `median` ms) and `errors` failures. */
function run(seed: number, n: number, median: number, errors = 0, durationS = 60): BenchResult {
  const rng = createRng(seed);
  const s = new TargetStats({ name: 'gpt', model: 'gpt', baseUrl: 'u' });
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const latency = median * Math.exp(0.5 * z);
    s.record(okAttempt(0, latency, latency * 0.3, 20));
  }
  for (let i = 0; i < errors; i++) s.record(attempt({ outcome: 'server_error' }));
  // The requests spread over `durationS`: the target's active window.
  const target = {
    ...s.toJSON(null),
    active_s: durationS,
    throughput_rps: (n + errors) / durationS,
  };
  return buildBenchResult({
    startedAtWall: 0,
    durationS,
    version: 'test',
    load: { mode: 'closed', concurrency: 4, warmup: null, shard: null },
    targets: [target],
    eventLoopLagMs: { p99: 1, max: 2 },
    warnings: [],
  });
}

describe('compareWithBaseline', () => {
  it('flags a clear latency regression, with a CI above 0', () => {
    const base = run(1, 800, 400);
    const cur = run(2, 800, 600); // +50%
    const cmp = compareWithBaseline(cur, base, { resamples: 300 });
    const p50 = cmp.rows.find((r) => r.figure === 'latency.p50')!;
    expect(p50.deltaPct!).toBeGreaterThan(35);
    expect(p50.ci!.low).toBeGreaterThan(0);
    expect(p50.ci!.low).toBeLessThanOrEqual(p50.delta!);
    expect(p50.ci!.high).toBeGreaterThanOrEqual(p50.delta!);
    expect(p50.regression).toBe(true);
    expect(cmp.regressions.map((r) => r.figure)).toEqual(
      expect.arrayContaining(['latency.p50', 'latency.p99', 'ttft.p50']),
    );
  });

  it('does not flag the same distribution with sampling noise, even past the threshold', () => {
    // Small samples: the p99 moves by more than 10% by chance alone, but the CI spans 0.
    const base = run(11, 40, 400);
    const cur = run(12, 40, 400);
    const cmp = compareWithBaseline(cur, base, { resamples: 500 });
    expect(cmp.rows.some((r) => r.figure.startsWith('latency') && (r.deltaPct ?? 0) > 10)).toBe(
      true,
    );
    expect(cmp.regressions).toEqual([]);
    for (const r of cmp.rows.filter((x) => x.ci)) {
      expect(r.ci!.low).toBeLessThanOrEqual(0);
    }
  });

  it('judges a percentile only with enough samples beyond it: one hiccup in 40 is not a p99 regression', () => {
    const base = run(21, 40, 400);
    // The same run, but its four slowest requests all hit one 1 s stall (a GC pause, a busy
    // machine): the bootstrap CI of "p99" (the max at n=40) sits wholly above 0.
    const s = new TargetStats({ name: 'gpt', model: 'gpt', baseUrl: 'u' });
    const rng = createRng(21);
    for (let i = 0; i < 40; i++) {
      const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      const latency = 400 * Math.exp(0.5 * z) + (i < 4 ? 1000 : 0);
      s.record(okAttempt(0, latency, latency * 0.3, 20));
    }
    const cur = { ...base, targets: [s.toJSON(null)] };
    const cmp = compareWithBaseline(cur, base, { resamples: 300 });
    const row = (f: string) => cmp.rows.find((r) => r.figure === f)!;
    expect(row('latency.p99').judged).toBe(false);
    expect(row('latency.p99').regression).toBe(false);
    expect(row('latency.p95').judged).toBe(false);
    expect(row('latency.p50').judged).toBe(true);
    expect(row('latency.p90').judged).toBe(false); // 40 × 10% = 4 < 5
    expect(cmp.regressions.map((r) => r.figure)).not.toContain('latency.p99');
    // With 500+ requests each, p99 is judged.
    const big = compareWithBaseline(run(3, 600, 400), run(4, 600, 400), { resamples: 100 });
    expect(big.rows.find((r) => r.figure === 'latency.p99')!.judged).toBe(true);
  });

  it('an improvement is never a regression', () => {
    const cmp = compareWithBaseline(run(3, 500, 300), run(4, 500, 600), { resamples: 200 });
    expect(cmp.regressions).toEqual([]);
    expect(cmp.rows.find((r) => r.figure === 'latency.p50')!.deltaPct!).toBeLessThan(-30);
  });

  it('success rate regresses on a significant drop beyond the threshold', () => {
    const base = run(5, 1000, 300, 0);
    const bad = run(6, 800, 300, 200); // 80% success
    const slight = run(7, 995, 300, 5); // 99.5%
    const r1 = compareWithBaseline(bad, base, { resamples: 50 });
    expect(r1.rows.find((r) => r.figure === 'success_rate')!.regression).toBe(true);
    const r2 = compareWithBaseline(slight, base, { resamples: 50 });
    expect(r2.rows.find((r) => r.figure === 'success_rate')!.regression).toBe(false);
  });

  it('throughput regresses on a drop beyond the threshold and the counting noise', () => {
    const base = run(8, 1200, 300, 0, 60); // 20 rps
    const slow = run(9, 600, 300, 0, 60); // 10 rps
    const row = compareWithBaseline(slow, base, { resamples: 50 }).rows.find(
      (r) => r.figure === 'throughput_rps',
    )!;
    expect(row.deltaPct).toBeCloseTo(-50, 6);
    expect(row.regression).toBe(true);
    const tiny = compareWithBaseline(run(9, 6, 300, 0, 1), run(8, 8, 300, 0, 1), { resamples: 50 });
    expect(tiny.rows.find((r) => r.figure === 'throughput_rps')!.regression).toBe(false); // 6 vs 8: noise
  });

  it('honours --max-regression and reports unmatched targets', () => {
    const base = run(1, 800, 400);
    const cur = run(2, 800, 460); // ~+15%
    expect(
      compareWithBaseline(cur, base, { resamples: 200, maxRegressionPct: 50 }).regressions,
    ).toEqual([]);
    const other = structuredClone(base);
    other.targets[0]!.name = 'claude';
    const cmp = compareWithBaseline(cur, other, { resamples: 10 });
    expect(cmp.rows).toEqual([]);
    expect(cmp.unmatched).toEqual(['gpt', 'claude']);
  });

  it('is deterministic for a seed', () => {
    const a = compareWithBaseline(run(1, 100, 400), run(2, 100, 400), { resamples: 100, seed: 7 });
    const b = compareWithBaseline(run(1, 100, 400), run(2, 100, 400), { resamples: 100, seed: 7 });
    expect(a).toEqual(b);
  });
});
