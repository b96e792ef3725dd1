import { decodeFromCompressedBase64, type JsHistogram } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import {
  COARSE_DIGITS,
  HIGHEST_US,
  Histogram,
  rankForPercentile,
} from '../../src/core/histogram.js';
import { createRng } from '../../src/core/rng.js';

/** Buckets and percentiles as HdrHistogram's own recorded-values iterator gives them, µs. */
function hdrReference(h: Histogram): {
  buckets: [number, number][];
  pcts: number[];
  pairs: number[];
} {
  const hdr = decodeFromCompressedBase64(h.encode(), 32, false) as JsHistogram;
  const buckets: [number, number][] = [];
  const pairs: number[] = [];
  const it = hdr.recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    buckets.push([hdr.highestEquivalentValue(v.valueIteratedTo), v.countAtValueIteratedTo]);
    pairs.push(hdr.lowestEquivalentValue(v.valueIteratedTo), v.countAtValueIteratedTo);
  }
  const pcts = [50, 90, 95, 99, 99.9].map((p) => {
    const rank = rankForPercentile(p, hdr.totalCount);
    let cumulative = 0;
    return (buckets.find(([, n]) => (cumulative += n) >= rank) as [number, number])[0];
  });
  return { buckets, pcts, pairs };
}

describe('Histogram', () => {
  it('reports percentiles of 1..1000 ms within HDR precision (0.1%)', () => {
    const h = Histogram.from(Array.from({ length: 1000 }, (_, i) => i + 1));
    const s = h.summary();
    expect(s.count).toBe(1000);
    expect(Math.abs((s.p50 as number) - 500) / 500).toBeLessThan(0.001);
    expect(Math.abs((s.p90 as number) - 900) / 900).toBeLessThan(0.001);
    expect(Math.abs((s.p99 as number) - 990) / 990).toBeLessThan(0.001);
    expect(Math.abs((s.p999 as number) - 999) / 999).toBeLessThan(0.001);
    expect(Math.abs((s.max as number) - 1000) / 1000).toBeLessThan(0.001);
    expect(Math.abs((s.mean as number) - 500.5) / 500.5).toBeLessThan(0.001);
  });

  it('matches hdr-histogram getValueAtPercentile semantics for skewed data', () => {
    const values = [5, 5, 5, 5, 5, 5, 5, 5, 5, 2000];
    const s = Histogram.from(values).summary();
    expect(s.p50).toBeCloseTo(5, 2);
    expect(s.p90).toBeCloseTo(5, 2);
    expect(Math.abs((s.p95 as number) - 2000) / 2000).toBeLessThan(0.001);
    expect(Math.abs((s.max as number) - 2000) / 2000).toBeLessThan(0.001);
  });

  it('is empty-safe: nulls and count 0', () => {
    expect(new Histogram().summary()).toEqual({
      p50: null,
      p90: null,
      p95: null,
      p99: null,
      p999: null,
      max: null,
      mean: null,
      count: 0,
    });
  });

  it('clamps negative and huge values instead of throwing', () => {
    const h = Histogram.from([-3, 5 * 3_600_000]);
    const s = h.summary();
    expect(s.count).toBe(2);
    expect(s.p50).toBe(0);
    expect(Math.abs((s.max as number) - 3_600_000) / 3_600_000).toBeLessThan(0.001);
  });

  it('round-trips through compressed base64 with identical buckets', () => {
    const h = Histogram.from([0.25, 1, 1.5, 12, 12, 480, 33_000]);
    const back = Histogram.decode(h.encode());
    expect(back.count).toBe(7);
    expect(back.buckets()).toEqual(h.buckets());
    expect(back.summary()).toEqual(h.summary());
  });

  it('adds exactly: a + b equals one histogram fed both', () => {
    const a = Histogram.from([1, 2, 3, 400]);
    const b = Histogram.from([7, 8, 900, 901]);
    const both = Histogram.from([1, 2, 3, 400, 7, 8, 900, 901]);
    a.add(b);
    expect(a.summary()).toEqual(both.summary());
    expect(a.buckets()).toEqual(both.buckets());
  });

  it('reads its buckets as HdrHistogram’s own iterator does (counts scanned directly)', () => {
    const rng = createRng(7);
    const shapes: (() => number)[] = [
      () => rng() * 1.5,
      () => 20 + rng() * 30,
      () => Math.exp(rng() * 12) / 10,
      () => (rng() < 0.99 ? 5 : 60_000 * rng()),
    ];
    for (const draw of shapes) {
      for (const h of [new Histogram(), Histogram.withDigits(COARSE_DIGITS)]) {
        for (let i = 0; i < 2000; i++) h.record(draw(), 1 + Math.floor(rng() * 3));
        const ref = hdrReference(h);
        expect(h.buckets()).toEqual(
          ref.buckets.map(([us, count]) => ({ valueMs: us / 1000, count })),
        );
        const s = h.summary();
        expect([s.p50, s.p90, s.p95, s.p99, s.p999]).toEqual(ref.pcts.map((us) => us / 1000));
        expect(s.max).toBe((ref.buckets.at(-1) as [number, number])[0] / 1000);
        expect(s.count).toBe(ref.buckets.reduce((n, [, c]) => n + c, 0));
        expect([...h.countPairs()]).toEqual(ref.pairs);
      }
    }
  });

  it('rejects garbage on decode', () => {
    expect(() => Histogram.decode('not-a-histogram')).toThrow();
  });

  it('count pairs are an exact copy: the same encoding, summary and counts when added back', () => {
    for (const digits of [COARSE_DIGITS, 3] as const) {
      const h = Histogram.withDigits(digits);
      for (let i = 0; i < 5000; i++) h.record(0.05 + ((i * 7919) % 100_000) / 7, 1 + (i % 3));
      h.record(0); // clamped to 0
      h.record(HIGHEST_US / 1000 + 5); // clamped to one hour: the top bucket
      const pairs = h.countPairs();
      expect(pairs.length % 2).toBe(0);
      expect(pairs.length / 2).toBe(h.buckets().length);
      const copy = Histogram.withDigits(digits);
      copy.addPairs(pairs);
      copy.addPairs([]);
      expect(copy.encode()).toBe(h.encode());
      expect(copy.summary()).toEqual(h.summary());
      copy.clear();
      expect(copy.count).toBe(0);
      copy.addPairs(pairs);
      copy.addPairs(pairs); // a merge: every count doubled
      expect(copy.count).toBe(2 * h.count);
    }
    expect(Histogram.withDigits(COARSE_DIGITS).countPairs().length).toBe(0);
  });
});
