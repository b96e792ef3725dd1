import { describe, expect, it } from 'vitest';
import { COARSE_DIGITS, Histogram } from '../../src/core/histogram.js';
import {
  MAX_INTERVALS,
  Timeline,
  addCountPairs,
  intervalHistograms,
  mergeTimelines,
  type TimelineJson,
} from '../../src/bench/timeline.js';
import { mergeResults } from '../../src/bench/merge.js';
import { buildBenchResult } from '../../src/bench/result.js';
import { TargetStats } from '../../src/bench/stats.js';
import { attempt, okAttempt } from './helpers.js';

const totals = (t: TimelineJson) =>
  t.intervals.reduce(
    (a, s) => ({
      ok: a.ok + s.ok,
      cancelled: a.cancelled + s.cancelled,
      errors: a.errors + Object.values(s.errors).reduce((n, v) => n + v, 0),
      tokens: a.tokens + s.output_tokens,
    }),
    { ok: 0, cancelled: 0, errors: 0, tokens: 0 },
  );

describe('Timeline', () => {
  it('counts each request in the interval it finished in, from the start of the window', () => {
    const s = new TargetStats({ name: 'a', model: 'a', baseUrl: 'http://gw/v1' });
    s.startTimeline(5000);
    s.record(okAttempt(5000, 400, 100, 10)); // ends 5.4 s → interval 0
    s.record(okAttempt(5500, 800, 200, 4)); // ends 6.3 s → interval 1
    s.record(attempt({ start: 6000, end: 8200, outcome: 'rate_limited' })); // interval 3
    s.record(attempt({ start: 6000, end: 8900, outcome: 'server_error' })); // interval 3
    s.record(attempt({ start: 7000, end: 8950, outcome: 'cancelled' })); // interval 3
    const t = s.toJSON(null).timeline!;
    expect(t.interval_ms).toBe(1000);
    expect(t.intervals.map((i) => i.ok)).toEqual([1, 1, 0, 0]);
    expect(t.intervals[2]).toEqual({
      ok: 0,
      cancelled: 0,
      errors: {},
      output_tokens: 0,
      histograms: {},
    });
    expect(t.intervals[3]!.errors).toEqual({ rate_limited: 1, server_error: 1 });
    expect(t.intervals[3]!.cancelled).toBe(1);
    expect(t.intervals.map((i) => i.output_tokens)).toEqual([10, 4, 0, 0]);
    const h = intervalHistograms(t.intervals[1]!);
    expect(h.latency.count).toBe(1);
    expect(h.latency.summary().p50).toBeCloseTo(800, -1); // 2 significant digits: within 1 %
    expect(h.ttft.summary().p50).toBeCloseTo(200, -1);
  });

  it(`doubles the interval past ${MAX_INTERVALS} intervals, keeping every count`, () => {
    const t = new Timeline();
    t.start(0);
    for (let s = 0; s < 1000; s++) t.record(s * 1000 + 500, { outcome: 'ok', latencyMs: s + 1 });
    const j = t.toJSON();
    expect(j.interval_ms).toBe(8000); // 1000 s needs 8 s intervals to fit in 240
    expect(j.intervals.length).toBe(125);
    expect(j.intervals.every((i) => i.ok === 8)).toBe(true);
    expect(totals(j).ok).toBe(1000);
    expect(intervalHistograms(j.intervals[0]!).latency.summary().max).toBeCloseTo(8, 1);
  });

  it('merging two halves equals the whole, even when only one half had to widen its interval', () => {
    const whole = new Timeline();
    const odd = new Timeline();
    const even = new Timeline();
    for (const t of [whole, odd, even]) t.start(100);
    for (let k = 0; k < 600; k++) {
      // the even half ends at 238.6 s (240 × 1 s suffice), the odd half runs on to 300 s
      const at = 100 + (k % 2 === 0 ? k * 399 : k * 501);
      const r = {
        outcome: k % 7 === 0 ? 'server_error' : 'ok',
        latencyMs: 10 + (k % 13) * 37,
        ttftMs: 5 + (k % 5),
        outputTokens: k % 11,
      };
      whole.record(at, r);
      (k % 2 === 0 ? even : odd).record(at, r);
    }
    expect(even.toJSON().interval_ms).toBe(1000);
    expect(odd.toJSON().interval_ms).toBe(2000);
    const a = new Timeline();
    a.start(0);
    a.record(500, { outcome: 'ok', latencyMs: 3 });
    expect(mergeTimelines([even.toJSON(), odd.toJSON()])).toEqual(whole.toJSON());
    // a 1 s series widens to the 2 s of the other
    const merged = mergeTimelines([a.toJSON(), whole.toJSON()]);
    expect(merged.interval_ms).toBe(2000);
    expect(totals(merged).ok).toBe(totals(whole.toJSON()).ok + 1);
    expect(intervalHistograms(merged.intervals[0]!).latency.count).toBe(
      intervalHistograms(whole.toJSON().intervals[0]!).latency.count + 1,
    );
  });

  it('refuses series whose intervals do not line up, naming the files', () => {
    const stats = (intervalMs: number) => {
      const s = new TargetStats({ name: 'a', model: 'a', baseUrl: 'http://gw/v1' });
      s.record(okAttempt(0, 100, 10, 3));
      const t = s.toJSON(null);
      t.timeline!.interval_ms = intervalMs;
      return buildBenchResult({
        startedAtWall: 0,
        durationS: 1,
        version: '0',
        load: { mode: 'closed', concurrency: 1, warmup: null, shard: null },
        targets: [t],
        eventLoopLagMs: { p99: null, max: null },
        warnings: [],
      });
    };
    expect(() => mergeResults([stats(1000), stats(1500)], ['A.json', 'B.json'])).toThrow(
      /A\.json, B\.json: target 'a': time series intervals of 1000 ms and 1500 ms do not line up/,
    );
  });

  it('keeps full-size histograms for two intervals only, and the series is the same', () => {
    const t = new Timeline();
    t.start(0);
    const expected: number[][] = [];
    for (let s = 0; s < 600; s++) {
      for (let k = 0; k < 5; k++) {
        const latencyMs = 1 + ((s * 5 + k) % 97);
        t.record(s * 1000 + k * 150, { outcome: 'ok', latencyMs, ttftMs: latencyMs / 2 });
        (expected[Math.floor(s / 4)] ??= []).push(latencyMs);
      }
      expect(t.liveIntervals()).toBeLessThanOrEqual(2);
    }
    const j = t.toJSON();
    expect(j.interval_ms).toBe(4000); // 600 s: widened twice, frozen slots were added too
    expect(j.intervals.map((i) => intervalHistograms(i).latency.count)).toEqual(
      expected.map((v) => v.length),
    );
    const exact = Histogram.withDigits(COARSE_DIGITS);
    for (const v of expected[37]!) exact.record(v);
    expect(j.intervals[37]!.histograms.latency).toBe(exact.encode());
    expect(intervalHistograms(j.intervals[37]!).ttft.count).toBe(20);
  });

  it('counts a late record in the interval it belongs to, and starts afresh after start()', () => {
    const t = new Timeline();
    t.start(0);
    t.record(100, { outcome: 'ok', latencyMs: 1, outputTokens: 2 });
    t.record(1100, { outcome: 'ok', latencyMs: 2, outputTokens: 3 });
    t.record(900, { outcome: 'ok', latencyMs: 3, outputTokens: 4 }); // late: interval 0
    t.record(1200, { outcome: 'server_error' });
    t.record(1300, { outcome: 'ok', latencyMs: 4 });
    const j = t.toJSON();
    expect(j.intervals.map((i) => [i.ok, i.output_tokens])).toEqual([
      [2, 6],
      [2, 3],
    ]);
    expect(j.intervals[1]!.errors).toEqual({ server_error: 1 });
    expect(intervalHistograms(j.intervals[0]!).latency.count).toBe(2);
    t.start(5000);
    t.record(5100, { outcome: 'ok', latencyMs: 1 });
    expect(t.toJSON().intervals.map((i) => i.ok)).toEqual([1]);
  });

  it('adds count pairs exactly as adding the histograms would', () => {
    const a = Histogram.withDigits(COARSE_DIGITS);
    const b = Histogram.withDigits(COARSE_DIGITS);
    for (let i = 0; i < 300; i++) a.record(1 + ((i * 31) % 500));
    for (let i = 0; i < 200; i++) b.record(250 + ((i * 17) % 900));
    const both = Histogram.withDigits(COARSE_DIGITS);
    both.add(a);
    both.add(b);
    expect(addCountPairs(a.countPairs(), b.countPairs())).toEqual(both.countPairs());
    expect(addCountPairs(new Uint32Array(0), b.countPairs())).toEqual(b.countPairs());
    expect(addCountPairs(a.countPairs(), new Uint32Array(0))).toEqual(a.countPairs());
  });

  it('counts a request recorded late into an interval that was already closed', () => {
    const t = new Timeline();
    t.start(0);
    t.record(100, { outcome: 'ok', latencyMs: 10, ttftMs: 5 });
    t.record(5_100, { outcome: 'ok', latencyMs: 20 });
    t.record(900, { outcome: 'ok', latencyMs: 30, ttftMs: 6 }); // interval 0, frozen by now
    t.record(950, { outcome: 'server_error' });
    expect(t.liveIntervals()).toBeLessThanOrEqual(2);
    const j = t.toJSON();
    expect(j.intervals[0]!.ok).toBe(2);
    expect(j.intervals[0]!.errors).toEqual({ server_error: 1 });
    const h = intervalHistograms(j.intervals[0]!);
    expect(h.latency.count).toBe(2);
    expect(h.latency.summary().max).toBeCloseTo(30, 0);
    expect(h.ttft.count).toBe(2);
    expect(intervalHistograms(j.intervals[5]!).latency.count).toBe(1);
    expect(j.intervals.slice(1, 5).every((i) => Object.keys(i.histograms).length === 0)).toBe(true);
  });

  it('per-interval histograms are small: 2 significant digits', () => {
    const h = Histogram.withDigits(COARSE_DIGITS);
    for (let i = 0; i < 1000; i++) h.record(200 + ((i * 7919) % 300));
    expect(h.encode().length).toBeLessThan(400);
  });
});
