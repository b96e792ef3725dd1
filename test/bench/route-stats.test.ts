import { describe, expect, it } from 'vitest';
import { mergeRoutes, RouteStats } from '../../src/bench/route-stats.js';
import { blankAttempt, type AttemptResult, type ChainFacts } from '../../src/core/result.js';

function rec(
  model: string,
  ms: number,
  facts: Partial<ChainFacts>,
  outcome: AttemptResult['outcome'] = 'ok',
) {
  const r = blankAttempt({
    model,
    modelId: model,
    gateway: 'default',
    baseUrl: 'http://127.0.0.1/v1',
    stream: true,
    startedAtWall: 0,
    start: 0,
    end: ms,
    outcome,
  });
  r.chain = {
    primary: 'a',
    attempts: 1,
    waitedMs: 0,
    hedged: false,
    hedgeWon: false,
    hedgeCancelledUsd: 0,
    ...facts,
  };
  return r;
}

const records = [
  rec('a', 100, {}),
  rec('b', 900, { attempts: 3, waitedMs: 250 }),
  rec('b', 400, {
    attempts: 2,
    hedged: true,
    hedgeWon: true,
    hedgeCancelledUsage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
    hedgeCancelledUsd: 0.0001,
  }),
  rec('a', 120, { attempts: 2, hedged: true }),
  rec('', 5, { attempts: 4, waitedMs: 1000 }, 'server_error'),
  rec('a', 50, {}, 'cancelled'),
];

describe('RouteStats', () => {
  it('answer shares, primary- vs fallback-served latency, attempts, waits and the hedge', () => {
    const s = new RouteStats();
    for (const r of records) s.record(r);
    const j = s.toJSON();
    expect(j.answered_by).toEqual({
      a: { requests: 2, share: 0.5 },
      b: { requests: 2, share: 0.5 },
    });
    expect(j.primary_served_ms.count).toBe(2);
    expect(j.primary_served_ms.p50).toBeCloseTo(100, 0);
    expect(j.fallback_served_ms).toMatchObject({ count: 2 });
    expect(j.attempts_per_request).toEqual({
      mean: 12 / 5,
      max: 4,
      counts: { 1: 1, 2: 2, 3: 1, 4: 1 },
    });
    expect(j.wait_ms).toEqual({ total: 1250, mean: 250, max: 1000 });
    expect(j.hedge).toEqual({
      requests: 2,
      rate: 0.4,
      won: 1,
      won_share: 0.5,
      cancelled_tokens: 12,
      extra_cost_usd: 0.0001,
    });
  });

  it('merging shards equals recording everything in one', () => {
    const one = new RouteStats();
    const left = new RouteStats();
    const right = new RouteStats();
    records.forEach((r, i) => {
      one.record(r);
      (i % 2 ? left : right).record(r);
    });
    const merged = mergeRoutes([left.toJSON(), right.toJSON()]);
    expect(merged).toEqual(one.toJSON());
  });
});
