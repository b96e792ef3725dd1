import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../src/bench/baseline.js';
import { mergeResults } from '../../src/bench/merge.js';
import { decodeHistograms } from '../../src/bench/result.js';
import type { BenchResult } from '../../src/bench/result-types.js';
import { buildReportModel, type ReportModel } from '../../src/report/build-model.js';
import type { Chart } from '../../src/report/chart-types.js';
import { parseSweepResult } from '../../src/report/sweep-input.js';
import { fixtureRun } from './run-fixture.js';

const chart = (m: ReportModel, id: string): Chart => {
  const c = m.sections.flatMap((s) => s.charts).find((x) => x.id === id);
  if (!c) throw new Error(`no chart ${id}`);
  return c;
};

let whole: BenchResult;
let shards: BenchResult[];

beforeAll(async () => {
  whole = await fixtureRun();
  shards = [
    await fixtureRun({ shard: { index: 1, count: 2 } }),
    await fixtureRun({ shard: { index: 2, count: 2 } }),
  ];
});

describe('report chart model', () => {
  it('two merged shards chart exactly like the same run in one piece', () => {
    const merged = mergeResults(shards, ['s1.json', 's2.json']);
    const a = buildReportModel({ run: merged });
    const b = buildReportModel({ run: whole });
    expect(a.sections.flatMap((s) => s.charts).length).toBe(8);
    expect(a).toEqual(b);
    // and not trivially: one shard alone charts differently
    expect(buildReportModel({ run: shards[0]! })).not.toEqual(b);
  });

  it('a result written before the time series existed still reports, saying what is missing', () => {
    const old = JSON.parse(JSON.stringify(whole)) as BenchResult;
    for (const t of old.targets) delete t.timeline;
    const m = buildReportModel({ run: old });
    const overTime = m.sections.find((s) => s.id === 'over-time')!;
    expect(overTime.charts).toEqual([]);
    expect(overTime.empty).toMatch(/no time series/);
    expect(m.sections.find((s) => s.id === 'distributions')!.charts).toHaveLength(3);
    // and merging such files gives no series rather than a partial one
    const half = JSON.parse(JSON.stringify(shards[1])) as BenchResult;
    for (const t of half.targets) delete t.timeline;
    expect(mergeResults([shards[0]!, half]).targets[0]!.timeline).toBeUndefined();
  });

  it('a CDF is exact: every bucket of the HDR histogram at its cumulative share', () => {
    const m = buildReportModel({ run: whole });
    const c = chart(m, 'cdf-latency');
    expect(c.x.log).toBe(true);
    expect(c.series.map((s) => s.label)).toEqual(whole.targets.map((t) => t.name));
    whole.targets.forEach((t, i) => {
      const buckets = decodeHistograms(t, 'x')[`latency`].buckets();
      const total = buckets.reduce((n, b) => n + b.count, 0);
      expect(total).toBe(t.latency_ms.count);
      let cum = 0;
      for (const b of buckets) {
        cum += b.count;
        expect(c.series[i]!.values[c.x.values.indexOf(b.valueMs)]).toBeCloseTo(cum / total, 12);
      }
      const defined = c.series[i]!.values.filter((v) => v !== null);
      expect(defined.at(-1)).toBe(1);
    });
  });

  it('over-time charts have one point per interval of the data, and rates add up to the counts', () => {
    const m = buildReportModel({ run: whole });
    const intervals = Math.max(...whole.targets.map((t) => t.timeline!.intervals.length));
    expect(intervals).toBeGreaterThan(20);
    for (const id of [
      'latency-over-time',
      'ttft-over-time',
      'throughput-over-time',
      'tokens-over-time',
      'errors-over-time',
    ]) {
      const c = chart(m, id);
      expect(c.x.values.length, id).toBe(intervals);
      for (const s of c.series) expect(s.values.length, `${id} ${s.label}`).toBe(intervals);
    }
    const thr = chart(m, 'throughput-over-time');
    const lengths = thr.x.values.map((x, i) => Math.min(1, whole.duration_s - x) || 1);
    whole.targets.forEach((t, i) => {
      const completed = thr.series[i]!.values.reduce<number>(
        (n, v, k) => n + (v as number) * lengths[k]!,
        0,
      );
      expect(completed).toBeCloseTo(t.ok + Object.values(t.errors).reduce((a, b) => a + b, 0), 6);
    });
    const errors = chart(m, 'errors-over-time');
    expect(errors.series.map((s) => s.label)).toEqual([
      'gpt-4.1 rate_limited',
      'gpt-4.1 server_error',
      'claude-sonnet-4.5 rate_limited',
      'claude-sonnet-4.5 server_error',
      'deepseek-v3.2 rate_limited',
      'deepseek-v3.2 server_error',
    ]);
    // the brown-out (requests 80..140, 10 s..17.5 s) shows in the p50 over time
    const p50 = chart(m, 'latency-over-time').series[0]!.values as number[];
    expect(Math.max(...p50.slice(12, 16))).toBeGreaterThan(1.4 * Math.max(...p50.slice(3, 7)));
  });

  it('a baseline overlays its CDFs dashed and charts each percentile delta with its CI as a band', () => {
    const base = whole;
    const slower = mergeResults([shards[0]!], ['s1.json']);
    const comparison = compareWithBaseline(slower, base, { baselineFile: 'base.json' });
    const m = buildReportModel({ run: slower, baseline: { doc: base, comparison } });
    const cdf = chart(m, 'cdf-ttft');
    expect(cdf.series.map((s) => s.label)).toContain('gpt-4.1 (baseline)');
    expect(cdf.series.find((s) => s.label === 'gpt-4.1 (baseline)')!.dash).toBeDefined();
    const d = chart(m, 'baseline-delta-latency');
    expect(d.categories).toEqual(['p50', 'p90', 'p95', 'p99']);
    expect(d.errorBars!.map((e) => e.series)).toEqual([0, 1, 2]);
    const row = comparison.rows.find((r) => r.target === 'gpt-4.1' && r.figure === 'latency.p90')!;
    expect(d.series[0]!.values[1]).toBeCloseTo(row.deltaPct!, 9);
    expect(d.errorBars![0]!.high[1]).toBeCloseTo((row.ci!.high / row.baseline!) * 100, 9);
    expect(d.errorBars![0]!.low[1]).toBeCloseTo((row.ci!.low / row.baseline!) * 100, 9);
    // the y range holds every whisker
    const highs = d.errorBars!.flatMap((e) => e.high).filter((v): v is number => v !== null);
    expect(d.y.max).toBeGreaterThan(Math.max(...highs));
    expect(d.series.at(-1)!.values).toEqual([10, 10, 10, 10]);
  });

  it('a sweep is one more view of the same kind of chart: load and throughput axes, knees marked', () => {
    const doc = parseSweepResult(
      JSON.parse(
        readFileSync(join(import.meta.dirname, '../fixtures/sweep-concurrency.json'), 'utf8'),
      ),
      'sweep.json',
    );
    const m = buildReportModel({ sweeps: [doc] });
    expect(m.sections.map((s) => s.id)).toEqual(['sweep']);
    const thr = chart(m, 'sweep-throughput');
    expect(thr.x.values).toEqual([1, 2, 4, 8, 12, 13, 14, 16, 24, 28, 30, 31, 32]);
    expect(thr.x.log).toBe(true);
    const old = thr.series.find((s) => s.label === 'old-gateway throughput')!;
    expect(old.values.slice(0, 8)).toEqual([1, 2, 4, 8, 8, 8, 8, 8]);
    expect(old.values.slice(8)).toEqual([null, null, null, null, null]);
    expect(thr.marks).toEqual([
      { x: 8, label: 'old-gateway saturation', color: expect.any(String) },
      { x: 13, label: 'old-gateway capacity', color: expect.any(String) },
      { x: 16, label: 'new-gateway saturation', color: expect.any(String) },
      { x: 30, label: 'new-gateway capacity', color: expect.any(String) },
    ]);
    const lat = chart(m, 'sweep-latency');
    expect(lat.xy).toBe(true);
    const p50 = lat.series[0]!;
    // load order, several latencies at the saturated throughput: the hockey stick
    expect(p50.x).toEqual([1, 2, 4, 8, 8, 8, 8, 8]);
    expect(p50.values).toEqual([1000, 1000, 1000, 1000, 1500, 1625, 1750, 2000]);
    expect(lat.marks?.[0]).toMatchObject({
      x: 8,
      y: 1000,
      label: 'old-gateway knee (concurrency 8)',
    });
  });
});
