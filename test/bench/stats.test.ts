import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/core/histogram.js';
import { recordGaps, TargetStats } from '../../src/bench/stats.js';
import { attempt, okAttempt } from './helpers.js';

const info = { name: 'a', model: 'm', baseUrl: 'http://gw/v1' };

function near(value: number | null, expected: number, rel = 0.001): void {
  expect(value).not.toBeNull();
  expect(Math.abs((value as number) - expected)).toBeLessThanOrEqual(
    Math.abs(expected) * rel + 0.001,
  );
}

describe('TargetStats', () => {
  it('counts requests, ok, errors by class and cancelled; success excludes cancelled', () => {
    const s = new TargetStats(info);
    s.record(okAttempt(0, 100, 10, 5));
    s.record(okAttempt(1000, 1000, 10, 5));
    s.record(attempt({ outcome: 'rate_limited', start: 1500, end: 1503 }));
    s.record(attempt({ outcome: 'cancelled', start: 1900, end: 2500 }));
    const j = s.toJSON(null);
    // Rates are over the target's active window: first send (0) to last completion (2000 ms);
    // a cancelled request does not stretch it.
    expect(j.active_s).toBe(2);
    expect(j.requests).toBe(4);
    expect(j.ok).toBe(2);
    expect(j.cancelled).toBe(1);
    expect(j.errors).toEqual({ rate_limited: 1 });
    expect(j.success_rate).toBeCloseTo(2 / 3, 10);
    expect(j.throughput_rps).toBeCloseTo(1.5, 10); // 3 completed in 2 s
    expect(j.output_tokens).toBe(10);
    expect(j.output_tokens_per_s).toBeCloseTo(5, 10);
    expect(j.latency_ms.count).toBe(2); // only ok requests feed latency
  });

  it('ttft counts to the first content token, not a role-only chunk', () => {
    const s = new TargetStats(info);
    // headers at 5, role-only chunk at 20 (no firstToken change), first content at 300
    s.record(
      attempt({
        start: 1000,
        firstByte: 1005,
        firstOutput: 1300,
        firstToken: 1300,
        end: 1500,
        contentTimes: [1300, 1400, 1500],
        contentChunks: 3,
      }),
    );
    near(s.figures().ttft.p50, 300);
    expect(s.figures().ttfo.count).toBe(0); // no reasoning streamed: no ttfo
  });

  it('ttfo is recorded only when reasoning came before content', () => {
    const s = new TargetStats(info);
    s.record(
      attempt({
        start: 0,
        firstOutput: 50,
        firstToken: 400,
        end: 500,
        reasoningChunks: 3,
        contentTimes: [400, 500],
        contentChunks: 2,
      }),
    );
    near(s.figures().ttfo.p50, 50);
    near(s.figures().ttft.p50, 400);
  });

  it('itl is the gaps between content chunks after the first (ttft excluded)', () => {
    const s = new TargetStats(info);
    s.record(
      attempt({
        start: 0,
        firstToken: 1000,
        end: 1060,
        contentTimes: [1000, 1010, 1030, 1060],
        contentChunks: 4,
      }),
    );
    const itl = s.figures().itl;
    expect(itl.count).toBe(3);
    near(itl.p50, 20);
    near(itl.max, 30);
    expect(itl.max as number).toBeLessThan(1000);
  });

  it('recordGaps records runs of equal gaps once with a count: the same histogram as one record per gap', () => {
    const cases: number[][] = [
      [],
      [5],
      [5, 5],
      [1, 1, 1, 1, 3, 3, 3, 3.5, 4, 4.5, 10, 10, 10, 20, 30, 40, 40],
      [0, 0.0004, 0.0008, 0.0012, 7, 7, 7.0004],
    ];
    // A long mixed series with runs of shared timestamps (several tokens in one read).
    let t = 100;
    const long: number[] = [];
    for (let i = 0; i < 500; i++) {
      if (i % 7 !== 0) t += (i % 13) * 0.37;
      long.push(t);
    }
    cases.push(long);
    for (const times of cases) {
      const one = new Histogram();
      for (let i = 1; i < times.length; i++) {
        one.record((times[i] as number) - (times[i - 1] as number));
      }
      const runs = new Histogram();
      recordGaps(runs, times);
      expect(runs.count).toBe(Math.max(0, times.length - 1));
      expect(runs.encode()).toBe(one.encode());
      expect(runs.summary()).toEqual(one.summary());
      expect(runs.buckets()).toEqual(one.buckets());
    }
  });

  it('tpot = (latency − ttft) / (output tokens − 1), only with ≥ 2 tokens', () => {
    const s = new TargetStats(info);
    s.record(
      attempt({
        start: 0,
        firstToken: 200,
        end: 1200,
        contentTimes: [200],
        contentChunks: 1,
        usage: { prompt_tokens: 1, completion_tokens: 11, total_tokens: 12 },
      }),
    );
    s.record(
      attempt({
        start: 0,
        firstToken: 200,
        end: 300,
        contentTimes: [200],
        contentChunks: 1,
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
    const tpot = s.figures().tpot;
    expect(tpot.count).toBe(1);
    near(tpot.p50, 100);
  });

  it('open loop: latency and ttft count from the intended start, service latency from dispatch', () => {
    const s = new TargetStats(info);
    s.record(
      attempt({
        intendedStart: 0,
        start: 1000,
        firstToken: 1050,
        end: 1100,
        contentTimes: [1050, 1100],
        contentChunks: 2,
      }),
    );
    const f = s.figures();
    near(f.latency.p50, 1100);
    near(f.ttft.p50, 1050);
    near(f.service_latency.p50, 100);
    near(f.sched_lag.p50, 1000);
    near(f.tpot.p50, 50); // the same either way: end − firstToken
  });

  it('closed loop has no service latency or scheduling lag', () => {
    const s = new TargetStats(info);
    s.record(okAttempt(0, 100, 10, 3));
    expect(s.figures().service_latency.count).toBe(0);
    expect(s.figures().sched_lag.count).toBe(0);
  });

  it('tokens_source is chunks when any ok request lacked usage', () => {
    const s = new TargetStats(info);
    s.record(okAttempt(0, 100, 10, 4));
    expect(s.tokensSource).toBe('usage');
    s.record(attempt({ outcome: 'server_error' })); // errors do not matter
    expect(s.tokensSource).toBe('usage');
    s.record(okAttempt(0, 100, 10, 6, false));
    expect(s.tokensSource).toBe('chunks');
    expect(s.outputTokens).toBe(10);
  });

  it('snapshot reflects new records and keeps a per-second latency series', () => {
    const s = new TargetStats(info, 0);
    s.record(okAttempt(0, 100, 10, 2));
    s.record(okAttempt(1000, 300, 10, 2));
    s.record(okAttempt(1000, 500, 10, 2));
    const snap = s.snapshot();
    expect(snap.requests).toBe(3);
    expect(snap.series.map((p) => p.second)).toEqual([0, 1]);
    expect(snap.series[1]?.p50Ms).toBe(300);
    s.record(okAttempt(0, 50, 10, 2));
    expect(s.snapshot().figures.latency.count).toBe(4);
  });

  it('toJSON has every figure block and histogram', () => {
    const s = new TargetStats(info);
    s.record(okAttempt(0, 100, 10, 3));
    const j = s.toJSON(5);
    for (const k of ['latency', 'ttft', 'ttfo', 'itl', 'tpot', 'service_latency', 'sched_lag']) {
      expect(j).toHaveProperty(`${k}_ms.count`);
      expect(typeof j.histograms[k]).toBe('string');
    }
    expect(j.target_rps).toBe(5);
  });
});

describe('usage totals', () => {
  it('sums the usage of ok requests that reported it, for cost --from', () => {
    const s = new TargetStats({ name: 't', model: 'm', baseUrl: 'u' });
    s.record(okAttempt(0, 100, 10, 4));
    s.record({
      ...okAttempt(0, 100, 10, 3),
      usage: {
        prompt_tokens: 7,
        completion_tokens: 3,
        total_tokens: 10,
        cached_tokens: 2,
        reasoning_tokens: 1,
      },
    });
    s.record(okAttempt(0, 100, 10, 5, false));
    s.record(attempt({ outcome: 'server_error' }));
    expect(s.toJSON(null).usage).toEqual({
      prompt_tokens: 17,
      completion_tokens: 7,
      total_tokens: 24,
      cached_tokens: 2,
      reasoning_tokens: 1,
    });
  });
});
