import { describe, expect, it } from 'vitest';
import { isGood, parseGoodput, requestFigures } from '../../src/bench/goodput.js';
import { mergeResults } from '../../src/bench/merge.js';
import { runBench, type BenchRunOptions } from '../../src/bench/runner.js';
import { evaluateSlo, parseSlo } from '../../src/bench/slo.js';
import { TargetStats } from '../../src/bench/stats.js';
import { UsageError } from '../../src/core/errors.js';
import { fakeTarget, quietMonitor, type SentRecord } from './fake-target.js';
import { attempt, okAttempt } from './helpers.js';
import { VirtualClock } from './virtual-clock.js';

describe('--goodput terms', () => {
  it('parses figure, operator, number and unit; refuses anything else with a usage error', () => {
    expect(parseGoodput('ttft<1s, tpot<=50ms ,itl<30ms')).toEqual([
      { text: 'ttft<1s', figure: 'ttft', op: '<', thresholdMs: 1000 },
      { text: 'tpot<=50ms', figure: 'tpot', op: '<=', thresholdMs: 50 },
      { text: 'itl<30ms', figure: 'itl', op: '<', thresholdMs: 30 },
    ]);
    for (const bad of ['', 'ttft<1', 'p99<1s', 'ttft<<1s', 'success>=99%', 'ttft<1h']) {
      expect(() => parseGoodput(bad), bad).toThrow(UsageError);
    }
  });

  it('judges each request on its own figures: ttft, tpot, mean itl, latency', () => {
    // latency 1000, ttft 200, 5 tokens evenly spread: tpot (1000−200)/4 = 200, mean itl 200.
    const r = okAttempt(0, 1000, 200, 5);
    expect(requestFigures(r)).toMatchObject({ latency: 1000, ttft: 200, tpot: 200, itl: 200 });
    expect(isGood(r, parseGoodput('ttft<201ms,tpot<201ms'))).toBe(true);
    expect(isGood(r, parseGoodput('ttft<200ms'))).toBe(false);
    expect(isGood(r, parseGoodput('itl<=199ms'))).toBe(false);
    expect(isGood(r, parseGoodput('latency<1s'))).toBe(false);
    expect(isGood(r, [])).toBe(true);
    expect(isGood({ ...r, outcome: 'server_error' }, [])).toBe(false);
    // A one-token answer has no tpot or itl: those terms do not hold it back.
    expect(isGood(okAttempt(0, 300, 300, 1), parseGoodput('tpot<1ms,itl<1ms'))).toBe(true);
    // Open loop: counted from the intended send time, as ttft and latency are.
    const late = { ...okAttempt(100, 100, 50, 2), intendedStart: 0 };
    expect(requestFigures(late).ttft).toBe(150);
  });

  it('goodput figures match hand-counted records', () => {
    const terms = parseGoodput('ttft<300ms,tpot<20ms');
    const stats = new TargetStats({ name: 't', model: 'm', baseUrl: 'http://x/v1' }, 0, terms);
    const records = [
      okAttempt(0, 500, 100, 21), // ttft 100, tpot 20 → not good (tpot not < 20)
      okAttempt(0, 400, 100, 21), // ttft 100, tpot 15 → good
      okAttempt(0, 700, 299, 21), // ttft 299, tpot 20.05 → not good
      okAttempt(0, 600, 299, 31), // ttft 299, tpot 10.03 → good
      okAttempt(0, 900, 300, 61), // ttft 300 → not good
      okAttempt(0, 250, 250, 1), // one token, ttft 250 → good
      attempt({ outcome: 'rate_limited', start: 0, end: 5 }), // failed → never good
      attempt({ outcome: 'cancelled', start: 0, end: 5 }), // not completed
    ];
    for (const r of records) stats.record(r);
    const t = stats.toJSON(2, null);
    expect(t.good).toBe(3);
    expect(t.good_rate).toBeCloseTo(3 / 7, 12); // 6 ok + 1 error completed
    expect(t.goodput_rps).toBe(1.5);
    expect(t.throughput_rps).toBe(3.5);
    // Without terms every ok request is good.
    const all = new TargetStats({ name: 't', model: 'm', baseUrl: 'http://x/v1' });
    for (const r of records) all.record(r);
    expect(all.toJSON(2, null).good).toBe(6);
  });

  it('--slo takes goodput>=P% (good share) and goodput>=N/s', () => {
    const terms = parseSlo('goodput>=40%,goodput>=2/s,goodput_rps>1');
    expect(terms.map((t) => t.kind)).toEqual(['goodput', 'goodput_rps', 'goodput_rps']);
    const stats = new TargetStats(
      { name: 't', model: 'm', baseUrl: '' },
      0,
      parseGoodput('ttft<300ms'),
    );
    stats.record(okAttempt(0, 500, 100, 5));
    stats.record(okAttempt(0, 500, 400, 5));
    const res = evaluateSlo(terms, [stats.toJSON(1, null)]);
    expect(res.map((r) => [r.value, r.ok])).toEqual([
      [50, true],
      [1, false],
      [1, false],
    ]);
    expect(() => parseSlo('goodput>=101%')).toThrow(UsageError);
    expect(() => parseSlo('goodput>=5ms')).toThrow(UsageError);
  });
});

describe('goodput across shards', () => {
  it('two shards merged give exactly the one-machine run’s good count and share', async () => {
    const prompts = [{ messages: [{ role: 'user' as const, content: 'hi' }] }];
    const goodput = parseGoodput('latency<150ms');
    const run = async (shard?: { index: number; count: number }) => {
      const clock = new VirtualClock();
      const log: SentRecord[] = [];
      // Latency by request number: 50, 90, 130, 170 ms; every 4th is too slow.
      const target = fakeTarget(clock, 'a', log, (req) => 50 + (req.seq % 4) * 40);
      const options: BenchRunOptions = {
        targets: [target],
        prompts,
        version: 'test',
        clock,
        lagMonitor: quietMonitor,
        load: { mode: 'closed', concurrency: 2 },
        stop: { requests: 40 },
        goodput,
        ...(shard ? { shard } : {}),
      };
      return clock.run(runBench(options));
    };
    const one = await run();
    const s1 = await run({ index: 1, count: 2 });
    const s2 = await run({ index: 2, count: 2 });
    expect(one.targets[0]!.good).toBe(30);
    expect(s1.targets[0]!.good! + s2.targets[0]!.good!).toBe(30);
    const merged = mergeResults([s1, s2]);
    const m = merged.targets[0]!;
    expect(m.good).toBe(one.targets[0]!.good);
    expect(m.good_rate).toBe(one.targets[0]!.good_rate);
    expect(m.goodput_rps).toBe(s1.targets[0]!.goodput_rps! + s2.targets[0]!.goodput_rps!);
    expect(merged.goodput).toEqual(['latency<150ms']);
    // Shards counted with other terms cannot be merged.
    expect(() => mergeResults([s1, { ...s2, goodput: ['latency<1s'] }])).toThrow(/same --goodput/);
  });
});
