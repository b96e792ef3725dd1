import { describe, expect, it } from 'vitest';
import {
  capacityOf,
  growthLoads,
  nextLoad,
  saturationOf,
  type SearchOptions,
  type SearchPoint,
} from '../../../src/bench/sweep/search.js';

/** Runs the search against a model of the server: load → throughput and SLO verdict. */
function search(
  o: SearchOptions,
  model: (load: number) => { tp: number; ok: boolean | null },
): { loads: number[]; points: SearchPoint[] } {
  const points: SearchPoint[] = [];
  const loads: number[] = [];
  for (let load = nextLoad(points, o); load !== null; load = nextLoad(points, o)) {
    expect(loads).not.toContain(load);
    loads.push(load);
    const m = model(load);
    points.push({ load, throughputRps: m.tp, sloOk: m.ok });
  }
  return { loads, points };
}

// maxConcurrent 8, service time 100 ms: throughput c/S up to 8, then 8/S; TTFT grows by (c−8)·S/8.
const S = 0.1;
const queueModel = (ttftLimitMs: number | null) => (c: number) => ({
  tp: Math.min(c, 8) / S,
  ok: ttftLimitMs === null ? null : 10 + (Math.max(0, c - 8) * S * 1000) / 8 < ttftLimitMs,
});

describe('sweep search', () => {
  it('grows geometrically up to the range end', () => {
    expect(growthLoads({ kind: 'concurrency', lo: 1, hi: 64 })).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(growthLoads({ kind: 'concurrency', lo: 3, hi: 20 })).toEqual([3, 6, 12, 20]);
    expect(growthLoads({ kind: 'rate', lo: 0.5, hi: 5 })).toEqual([0.5, 1, 2, 4, 5]);
  });

  it('without an SLO stops growing at the knee and bisects to the exact saturation load', () => {
    const o: SearchOptions = { kind: 'concurrency', lo: 1, hi: 256, precision: 0, hasSlo: false };
    const { loads, points } = search(o, queueModel(null));
    expect(loads).toEqual([1, 2, 4, 8, 16, 6, 7]);
    expect(saturationOf(points)?.load).toBe(8);
    expect(capacityOf(points)).toBeNull();
    const from3 = search({ ...o, lo: 3 }, queueModel(null));
    expect(saturationOf(from3.points)?.load).toBe(8);
  });

  it('with an SLO keeps growing past the knee while it holds, then bisects the capacity to one stream', () => {
    // 10 + (c − 8)·12.5 < 60 → c < 12: capacity 11.
    const o: SearchOptions = { kind: 'concurrency', lo: 1, hi: 64, precision: 0, hasSlo: true };
    const { loads, points } = search(o, queueModel(60));
    expect(loads.slice(0, 5)).toEqual([1, 2, 4, 8, 16]);
    expect(capacityOf(points)?.load).toBe(11);
    expect(saturationOf(points)?.load).toBe(8);
  });

  it('an SLO broken at the lowest load gives no capacity; one held everywhere gives the range end', () => {
    const o: SearchOptions = { kind: 'concurrency', lo: 1, hi: 16, precision: 0, hasSlo: true };
    const never = search(o, () => ({ tp: 1, ok: false }));
    expect(never.loads).toEqual([1]);
    expect(capacityOf(never.points)).toBeNull();
    const always = search(o, (c) => ({ tp: c, ok: true }));
    expect(always.loads).toEqual([1, 2, 4, 8, 16]);
    expect(capacityOf(always.points)?.load).toBe(16);
  });

  it('rates bisect until the bracket is within the precision', () => {
    // Open loop against a server that keeps up to 37 req/s: the SLO breaks above it.
    const model = (r: number) => ({ tp: Math.min(r, 37), ok: r <= 37 });
    const o: SearchOptions = { kind: 'rate', lo: 1, hi: 200, precision: 0.1, hasSlo: true };
    const { points } = search(o, model);
    const cap = capacityOf(points)!.load;
    expect(cap).toBeLessThanOrEqual(37);
    expect(cap).toBeGreaterThan(37 / 1.1);
    const fine = search({ ...o, precision: 0.01 }, model);
    expect(capacityOf(fine.points)!.load).toBeGreaterThan(37 / 1.01);
  });
});
