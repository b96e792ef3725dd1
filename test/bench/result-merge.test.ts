import { describe, expect, it } from 'vitest';
import { TargetStats } from '../../src/bench/stats.js';
import { buildBenchResult, decodeHistograms, parseBenchResult } from '../../src/bench/result.js';
import { mergeResults } from '../../src/bench/merge.js';
import type { BenchResult, LoadInfo } from '../../src/bench/result-types.js';
import { FIGURES } from '../../src/bench/figures.js';
import { UsageError } from '../../src/core/errors.js';
import type { AttemptResult } from '../../src/core/result.js';
import { createRng } from '../../src/core/rng.js';
import { attempt } from './helpers.js';

const load: LoadInfo = { mode: 'open', rate: 10, arrival: 'poisson', warmup: null, shard: null };

function records(n: number, seed: number): AttemptResult[] {
  const rng = createRng(seed);
  const out: AttemptResult[] = [];
  for (let i = 0; i < n; i++) {
    const intended = i * 100;
    const start = intended + rng() * 20;
    const ttft = 50 + rng() * 500;
    const tokens = 2 + Math.floor(rng() * 50);
    const times = Array.from({ length: tokens }, (_, k) => start + ttft + k * (5 + rng() * 30));
    const end = (times[times.length - 1] as number) + rng() * 10;
    const r = rng();
    const outcome: AttemptResult['outcome'] =
      r < 0.05 ? 'server_error' : r < 0.07 ? 'cancelled' : 'ok';
    out.push(
      attempt({
        intendedStart: intended,
        start,
        firstToken: start + ttft,
        firstOutput: start + ttft * (r < 0.5 ? 0.5 : 1),
        reasoningChunks: r < 0.5 ? 2 : 0,
        end,
        contentTimes: times,
        contentChunks: tokens,
        outcome,
        ...(r < 0.9
          ? { usage: { prompt_tokens: 5, completion_tokens: tokens, total_tokens: tokens + 5 } }
          : {}),
      }),
    );
  }
  return out;
}

function doc(
  recs: AttemptResult[],
  opts: { duration?: number; shard?: LoadInfo['shard']; targets?: string[] } = {},
): BenchResult {
  const targets = (opts.targets ?? ['a', 'b']).map((name) => {
    const s = new TargetStats({ name, model: `model-${name}`, baseUrl: 'http://gw/v1' });
    for (const r of recs) s.record(r);
    return s.toJSON(opts.duration ?? 10, 5);
  });
  return buildBenchResult({
    startedAtWall: Date.UTC(2025, 0, 1),
    durationS: opts.duration ?? 10,
    version: '0.1.0',
    load: { ...load, shard: opts.shard ?? null },
    targets,
    eventLoopLagMs: { p99: 3, max: 7 },
    warnings: [],
  });
}

describe('bench result document', () => {
  it('validates, round-trips through JSON and keeps histogram counts', () => {
    const d = doc(records(300, 1));
    const back = parseBenchResult(JSON.stringify(d), 'run.json');
    expect(back).toEqual(d);
    expect(back.schema).toBe('shepherd.bench/v1');
    expect(back.started_at).toBe('2025-01-01T00:00:00.000Z');
    const t = back.targets[0]!;
    const h = decodeHistograms(t, 'run.json');
    for (const f of FIGURES) expect(h[f].count).toBe(t[`${f}_ms`].count);
    expect(h.latency.summary()).toEqual(t.latency_ms);
  });

  it('names the file and the field on a bad document', () => {
    expect(() => parseBenchResult('{nope', 'a.json')).toThrow(/^a\.json: not a JSON document/);
    expect(() => parseBenchResult('{"schema":"shepherd.chat/v1"}', 'b.json')).toThrow(
      /b\.json: not a shepherd bench result/,
    );
    const bad = JSON.parse(JSON.stringify(doc(records(5, 2)))) as { targets: { ok: unknown }[] };
    bad.targets[0]!.ok = 'many';
    expect(() => parseBenchResult(bad, 'c.json')).toThrow(UsageError);
    expect(() => parseBenchResult(bad, 'c.json')).toThrow(
      /c\.json: invalid bench result at targets\[0\]\.ok/,
    );
  });

  it('a corrupt histogram is a usage error naming the file and figure', () => {
    const d = doc(records(5, 3));
    d.targets[0]!.histograms.ttft = 'AAAA';
    expect(() => decodeHistograms(d.targets[0]!, 'x.json')).toThrow(
      /x\.json: target 'a': the 'ttft' histogram/,
    );
  });
});

describe('mergeResults', () => {
  it('merging two shards equals one accumulator fed every record (counts and percentiles exact)', () => {
    const all = records(1000, 42);
    const shard1 = all.filter((_, i) => i % 2 === 0);
    const shard2 = all.filter((_, i) => i % 2 === 1);
    const merged = mergeResults(
      [
        doc(shard1, { shard: { index: 1, count: 2 } }),
        doc(shard2, { duration: 12, shard: { index: 2, count: 2 } }),
      ],
      ['s1.json', 's2.json'],
    );
    const whole = doc(all).targets;
    expect(merged.duration_s).toBe(12);
    expect(merged.load.shard).toBeNull();
    expect(merged.load.rate).toBe(20);
    for (const [i, t] of merged.targets.entries()) {
      const w = whole[i]!;
      expect(t.name).toBe(w.name);
      expect(t.requests).toBe(w.requests);
      expect(t.ok).toBe(w.ok);
      expect(t.cancelled).toBe(w.cancelled);
      expect(t.errors).toEqual(w.errors);
      expect(t.success_rate).toBeCloseTo(w.success_rate, 12);
      expect(t.output_tokens).toBe(w.output_tokens);
      expect(t.usage).toEqual(w.usage);
      expect(t.tokens_source).toBe(w.tokens_source);
      for (const f of FIGURES) expect(t[`${f}_ms`]).toEqual(w[`${f}_ms`]);
      // the time series adds slot by slot: the same intervals, counts and histograms
      expect(w.timeline?.intervals.length).toBeGreaterThan(50);
      expect(t.timeline).toEqual(w.timeline);
      expect(t.throughput_rps).toBeCloseTo(
        doc(shard1).targets[i]!.throughput_rps +
          doc(shard2, { duration: 12 }).targets[i]!.throughput_rps,
        12,
      );
      expect(t.target_rps).toBe(10);
    }
    // the merged document is itself valid and mergeable
    expect(parseBenchResult(JSON.parse(JSON.stringify(merged)), 'm.json')).toEqual(merged);
  });

  it('refuses mismatched targets, duplicated shards, mixed modes and foreign schemas', () => {
    const r = records(20, 5);
    expect(() =>
      mergeResults([doc(r), doc(r, { targets: ['a', 'c'] })], ['A.json', 'B.json']),
    ).toThrow(/B\.json has targets \[a, c\] but A\.json has \[a, b\]/);
    const s = { index: 1, count: 2 };
    expect(() =>
      mergeResults([doc(r, { shard: s }), doc(r, { shard: s })], ['A.json', 'B.json']),
    ).toThrow(/both shard 1\/2/);
    const closed = doc(r);
    closed.load = { mode: 'closed', concurrency: 4, warmup: null, shard: null };
    expect(() => mergeResults([doc(r), closed], ['A.json', 'B.json'])).toThrow(
      /load mode 'closed'/,
    );
    expect(() => mergeResults([], [])).toThrow(UsageError);
  });
});

describe('route targets: usage per answering model', () => {
  const usage = (p: number, c: number) => ({
    usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c, cached_tokens: 1 },
  });
  const route = (recs: AttemptResult[]) => {
    const s = new TargetStats({ name: 'route:default', model: 'a>b', baseUrl: 'http://gw/v1' });
    for (const r of recs) s.record(r);
    return s.toJSON(10, null);
  };

  it('splits the usage by the model that answered, and merges it exactly', () => {
    const recs = [
      attempt({ model: 'a', ...usage(10, 20) }),
      attempt({ model: 'b', ...usage(5, 7) }),
      attempt({ model: 'b', ...usage(5, 9) }),
      attempt({ model: 'a', outcome: 'server_error', ...usage(99, 99) }),
    ];
    const t = route(recs);
    expect(t.usage_by_model).toEqual({
      a: {
        prompt_tokens: 10,
        completion_tokens: 20,
        total_tokens: 30,
        cached_tokens: 1,
        reasoning_tokens: 0,
        requests: 1,
      },
      b: {
        prompt_tokens: 10,
        completion_tokens: 16,
        total_tokens: 26,
        cached_tokens: 2,
        reasoning_tokens: 0,
        requests: 2,
      },
    });
    const shard = (r: AttemptResult[], index: number) =>
      buildBenchResult({
        startedAtWall: Date.UTC(2025, 0, 1),
        durationS: 10,
        version: '0.1.0',
        load: { ...load, shard: { index, count: 3 } },
        targets: [route(r)],
        eventLoopLagMs: { p99: 3, max: 7 },
        warnings: [],
      });
    // the third shard answered nothing, so it has no per-model usage
    const merged = mergeResults([
      shard(recs.slice(0, 2), 1),
      shard(recs.slice(2), 2),
      shard([recs[3]!], 3),
    ]);
    expect(merged.targets[0]!.usage_by_model).toEqual(t.usage_by_model);
    expect(parseBenchResult(JSON.parse(JSON.stringify(merged)), 'm.json')).toEqual(merged);
  });

  it('a single-model target carries no per-model usage', () => {
    const s = new TargetStats({ name: 'a', model: 'a', baseUrl: 'http://gw/v1' });
    s.record(attempt({ model: 'a', ...usage(1, 2) }));
    expect(s.toJSON(1, null).usage_by_model).toBeUndefined();
  });
});
