import { describe, expect, it } from 'vitest';
import { runBench, type BenchRunOptions } from '../../src/bench/runner.js';
import type { BenchPrompt } from '../../src/bench/prompts.js';
import { parseBenchResult } from '../../src/bench/result.js';
import { mergeResults } from '../../src/bench/merge.js';
import { parseSlo } from '../../src/bench/slo.js';
import { UsageError, UpstreamError } from '../../src/core/errors.js';
import { VirtualClock } from './virtual-clock.js';
import { fakeTarget, quietMonitor, type SentRecord } from './fake-target.js';
import { attempt } from './helpers.js';

const prompts: BenchPrompt[] = Array.from({ length: 7 }, (_, i) => ({
  messages: [{ role: 'user', content: `prompt ${i}` }],
}));

function setup(names = ['a', 'b'], latency?: (seq: number) => number) {
  const clock = new VirtualClock();
  const log: SentRecord[] = [];
  const targets = names.map((n) =>
    fakeTarget(clock, n, log, latency ? (r) => latency(r.seq) : undefined),
  );
  const base: Omit<BenchRunOptions, 'load' | 'stop'> = {
    targets,
    prompts,
    version: 'test',
    clock,
    lagMonitor: quietMonitor,
  };
  return { clock, log, targets, base };
}

const sentBy = (log: SentRecord[], t: string) => log.filter((r) => r.target === t);

describe('runBench: closed loop', () => {
  it('-n N sends exactly N per target, the same prompts in the same seeded order', async () => {
    const { clock, log, base } = setup(['a', 'b', 'c'], (seq) => 50 + (seq % 3) * 40);
    const res = await clock.run(
      runBench({ ...base, load: { mode: 'closed', concurrency: 3 }, stop: { requests: 10 } }),
    );
    for (const t of ['a', 'b', 'c']) {
      expect(sentBy(log, t)).toHaveLength(10);
      const r = res.targets.find((x) => x.name === t)!;
      expect(r.requests).toBe(10);
      expect(r.ok).toBe(10);
    }
    const order = (t: string) => sentBy(log, t).map((r) => r.req.promptIndex);
    expect(order('b')).toEqual(order('a'));
    expect(order('c')).toEqual(order('a'));
    expect(order('a')).not.toEqual([0, 1, 2, 3, 4, 5, 6, 0, 1, 2]); // shuffled with the seed
    expect(new Set(order('a').slice(0, 7)).size).toBe(7); // every prompt once before repeating
    expect(res.load).toMatchObject({ mode: 'closed', concurrency: 3, requests: 10, shard: null });
    expect(parseBenchResult(JSON.parse(JSON.stringify(res)), 'r.json')).toEqual(res);
  });

  it('starts workers interleaved across targets', async () => {
    const { clock, log, base } = setup(['a', 'b', 'c']);
    await clock.run(
      runBench({ ...base, load: { mode: 'closed', concurrency: 2 }, stop: { requests: 2 } }),
    );
    expect(log.map((r) => r.target)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('keeps concurrency per target and runs for the duration', async () => {
    const { clock, log, base } = setup(['a'], () => 100);
    const res = await clock.run(
      runBench({ ...base, load: { mode: 'closed', concurrency: 4 }, stop: { durationMs: 1000 } }),
    );
    // 4 workers × 10 rounds of 100 ms
    expect(log).toHaveLength(40);
    expect(res.targets[0]!.requests).toBe(40);
    expect(res.duration_s).toBeCloseTo(1, 6);
    expect(res.targets[0]!.throughput_rps).toBeCloseTo(40, 6);
    expect(res.targets[0]!.target_rps).toBeNull();
    expect(res.targets[0]!.latency_ms.p50).toBeCloseTo(100, 0);
  });

  it('excludes warmup requests from the results', async () => {
    const { clock, log, base } = setup(['a', 'b']);
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'closed', concurrency: 2 },
        stop: { requests: 6 },
        warmup: { requests: 4 },
      }),
    );
    expect(sentBy(log, 'a')).toHaveLength(10);
    expect(sentBy(log, 'a').filter((r) => r.req.warmup)).toHaveLength(4);
    expect(
      sentBy(log, 'a')
        .slice(0, 4)
        .every((r) => r.req.warmup),
    ).toBe(true);
    expect(
      sentBy(log, 'a')
        .slice(4)
        .map((r) => r.req.seq),
    ).toEqual([0, 1, 2, 3, 4, 5]);
    expect(res.targets.map((t) => t.requests)).toEqual([6, 6]);
    expect(res.load.warmup).toBe(4);
  });

  it('a timed warmup precedes the measured window', async () => {
    const { clock, log, base } = setup(['a'], () => 100);
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'closed', concurrency: 1 },
        stop: { requests: 3 },
        warmup: { durationMs: 500 },
      }),
    );
    expect(log.filter((r) => r.req.warmup)).toHaveLength(5);
    expect(res.targets[0]!.requests).toBe(3);
    expect(res.load.warmup).toBe('500ms');
    expect(res.duration_s).toBeCloseTo(0.3, 6);
  });

  it('on Ctrl-C stops dispatching, drains briefly and accounts in-flight requests as cancelled', async () => {
    const { clock, base } = setup(['a', 'b'], () => 1000);
    const ac = new AbortController();
    void clock.sleep(2500).then(() => ac.abort());
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'closed', concurrency: 2 },
        stop: { durationMs: 60_000 },
        signal: ac.signal,
        abortDrainMs: 200,
      }),
    );
    expect(res.interrupted).toBe(true);
    for (const t of res.targets) {
      expect(t.ok).toBe(4);
      expect(t.cancelled).toBe(2);
      expect(t.requests).toBe(
        t.ok + t.cancelled + Object.values(t.errors).reduce((a, b) => a + b, 0),
      );
    }
    expect(clock.now()).toBeLessThan(3000);
  });

  it('at the end of a timed run, drains in-flight requests within the bound, then cancels them', async () => {
    const { clock, base } = setup(['a'], (seq) => (seq === 0 ? 100 : 10_000));
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'closed', concurrency: 1 },
        stop: { durationMs: 1000 },
        drainMs: 2000,
      }),
    );
    const t = res.targets[0]!;
    expect(t.requests).toBe(2);
    expect(t.ok).toBe(1);
    expect(t.cancelled).toBe(1);
    expect(clock.now()).toBeLessThanOrEqual(1000 + 2000 + 250);
  });
});

describe('runBench: open loop', () => {
  it('dispatches each tick round-robin, rotating which target goes first', async () => {
    const { clock, log, base } = setup(['a', 'b']);
    await clock.run(
      runBench({
        ...base,
        load: { mode: 'open', rate: 10, arrival: 'constant' },
        stop: { requests: 3 },
      }),
    );
    expect(log.map((r) => `${r.target}@${r.at}`)).toEqual([
      'a@0',
      'b@0',
      'b@100',
      'a@100',
      'a@200',
      'b@200',
    ]);
    expect(log.map((r) => r.ctx.intendedStart)).toEqual([0, 0, 100, 100, 200, 200]);
  });

  it('corrects for coordinated omission: a stalled client shows in latency, not service latency', async () => {
    const { clock, log, base } = setup(['a'], () => 50);
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'open', rate: 10, arrival: 'constant' },
        stop: { durationMs: 3000 },
        listeners: {
          request: (e) => {
            if (e.result.outcome === 'ok' && log.length === 10) clock.stall(1000); // client blocked 1 s
          },
        },
      }),
    );
    const t = res.targets[0]!;
    expect(t.requests).toBe(30);
    expect(t.latency_ms.p99!).toBeGreaterThanOrEqual(1000);
    expect(t.service_latency_ms.p99!).toBeLessThan(60);
    expect(t.sched_lag_ms.max!).toBeGreaterThanOrEqual(900);
    expect(t.ttft_ms.p99!).toBeGreaterThanOrEqual(950);
    expect(t.target_rps).toBe(10);
    // late requests keep their intended times
    const late = log.find((r) => r.ctx.intendedStart === 1000)!;
    expect(late.at).toBeGreaterThanOrEqual(1950);
  });

  it('caps in-flight requests per target; queued ones are sent late and count from their intended time', async () => {
    const { clock, log, base } = setup(['a'], () => 1000);
    const warnings: string[] = [];
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'open', rate: 10, arrival: 'constant' },
        stop: { requests: 6 },
        maxInFlight: 2,
        listeners: { warning: (w) => warnings.push(w) },
      }),
    );
    expect(log).toHaveLength(6);
    expect(res.targets[0]!.ok).toBe(6);
    expect(warnings.some((w) => /2 requests in flight/.test(w))).toBe(true);
    expect(Math.max(...log.map((r) => r.at))).toBeGreaterThanOrEqual(2000);
    expect(res.targets[0]!.latency_ms.max!).toBeGreaterThan(2400); // intended 500, answered ≈ 3000
  });

  it('queued requests still unsent at the end are cancelled', async () => {
    const { clock, base } = setup(['a'], () => 100_000);
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'open', rate: 10, arrival: 'constant' },
        stop: { durationMs: 1000 },
        maxInFlight: 3,
        drainMs: 100,
      }),
    );
    const t = res.targets[0]!;
    expect(t.requests).toBe(10);
    expect(t.cancelled).toBe(10);
    expect(t.ok).toBe(0);
    expect(t.success_rate).toBe(0);
  });

  it('poisson arrivals are seeded and average the rate', async () => {
    const times = async (seed: number) => {
      const { clock, log, base } = setup(['a'], () => 5);
      await clock.run(
        runBench({
          ...base,
          seed,
          load: { mode: 'open', rate: 50, arrival: 'poisson' },
          stop: { requests: 400 },
        }),
      );
      return log.map((r) => r.ctx.intendedStart as number);
    };
    const a = await times(3);
    expect(await times(3)).toEqual(a);
    expect(await times(4)).not.toEqual(a);
    const meanGap = (a[a.length - 1] as number) / (a.length - 1);
    expect(meanGap).toBeGreaterThan(20 * 0.85);
    expect(meanGap).toBeLessThan(20 * 1.15);
  });

  it('warns when the achieved rate is under 95% of the target', async () => {
    const { clock, base } = setup(['a'], () => 10);
    let calls = 0;
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'open', rate: 10, arrival: 'constant' },
        stop: { durationMs: 2000 },
        listeners: { request: () => (++calls === 5 ? clock.stall(1500) : undefined) },
      }),
    );
    // ticks after the stall are sent late but all 20 are still sent: the rate is kept overall
    expect(res.targets[0]!.requests).toBe(20);
    expect(res.client.warnings.filter((w) => /achieved/.test(w))).toEqual([]);
    expect(res.targets[0]!.sched_lag_ms.max!).toBeGreaterThan(1000);
    const { clock: c2, base: b2 } = setup(['a'], () => 10);
    const slow = await c2.run(
      runBench({
        ...b2,
        load: { mode: 'open', rate: 10, arrival: 'constant' },
        stop: { requests: 10 },
        maxInFlight: 1,
        targets: [
          {
            ...b2.targets[0]!,
            send: async (req, ctx) => {
              await c2.sleep(400);
              return b2.targets[0]!.send(req, ctx);
            },
          },
        ],
      }),
    );
    expect(slow.client.warnings.some((w) => /achieved .* req\/s of the 10 req\/s/.test(w))).toBe(
      true,
    );
  });

  it('warns on event-loop lag over 10 ms', async () => {
    const { clock, base } = setup(['a']);
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'closed', concurrency: 1 },
        stop: { requests: 1 },
        lagMonitor: { start: () => undefined, stop: () => ({ p99: 25, max: 80 }) },
      }),
    );
    expect(res.client.event_loop_lag_ms).toEqual({ p99: 25, max: 80 });
    expect(res.client.warnings.some((w) => /event-loop lag p99 25\.0 ms/.test(w))).toBe(true);
  });

  it('warns once on a client freeze that p99 alone does not show, naming the figures it touched', async () => {
    const { clock, base } = setup(['a']);
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'open', rate: 5, arrival: 'constant' },
        stop: { requests: 2 },
        // A 1 s freeze in a short run: max 1002 ms while most samples stay low.
        lagMonitor: { start: () => undefined, stop: () => ({ p99: 2, max: 1002 }) },
      }),
    );
    const lag = res.client.warnings.filter((w) => /event-loop/.test(w));
    expect(lag).toHaveLength(1);
    expect(lag[0]).toMatch(/froze for up to 1002 ms/);
    expect(lag[0]).toMatch(/latency, TTFT, ITL and TPOT/);
    expect(lag[0]).toMatch(/sched_lag/);
  });
});

describe('runBench: shards', () => {
  it('shard I/N takes every N-th request, divides rate and count, and the shards merge to the whole', async () => {
    const run = async (index: number) => {
      const { clock, log, base } = setup(['a', 'b'], () => 20);
      const res = await clock.run(
        runBench({
          ...base,
          shard: { index, count: 2 },
          load: { mode: 'open', rate: 10, arrival: 'constant' },
          stop: { requests: 9 },
        }),
      );
      return { res, log };
    };
    const s1 = await run(1);
    const s2 = await run(2);
    const seqs = (log: SentRecord[]) => sentBy(log, 'a').map((r) => r.req.seq);
    expect(seqs(s1.log)).toEqual([0, 2, 4, 6, 8]);
    expect(seqs(s2.log)).toEqual([1, 3, 5, 7]);
    expect(sentBy(s1.log, 'a').map((r) => r.ctx.intendedStart)).toEqual([0, 200, 400, 600, 800]);
    expect(sentBy(s2.log, 'a').map((r) => r.ctx.intendedStart)).toEqual([100, 300, 500, 700]);
    expect(s1.res.load).toMatchObject({ rate: 5, requests: 5, shard: { index: 1, count: 2 } });
    expect(s2.res.load).toMatchObject({ rate: 5, requests: 4, shard: { index: 2, count: 2 } });
    // prompt order is the one-machine order
    const { clock, log, base } = setup(['a', 'b'], () => 20);
    await clock.run(
      runBench({
        ...base,
        load: { mode: 'open', rate: 10, arrival: 'constant' },
        stop: { requests: 9 },
      }),
    );
    const whole = sentBy(log, 'a').map((r) => r.req.promptIndex);
    expect(sentBy(s1.log, 'a').map((r) => r.req.promptIndex)).toEqual(
      whole.filter((_, i) => i % 2 === 0),
    );
    const merged = mergeResults([s1.res, s2.res]);
    expect(merged.targets.map((t) => t.requests)).toEqual([9, 9]);
    expect(merged.load.rate).toBe(10);
    expect(merged.load.requests).toBe(9);
  });
});

describe('runBench: events, errors and validation', () => {
  it('emits start, progress, request and end; end carries the result; slo is evaluated', async () => {
    const { clock, base } = setup(['a', 'b'], () => 100);
    const seen: string[] = [];
    const progress: number[] = [];
    let ended: unknown;
    const res = await clock.run(
      runBench({
        ...base,
        load: { mode: 'closed', concurrency: 1 },
        stop: { durationMs: 1000 },
        slo: parseSlo('p50<200ms,success>=99%'),
        progressIntervalMs: 250,
        listeners: {
          start: (e) => seen.push(`start:${e.targets.map((t) => t.name).join(',')}`),
          progress: (e) => progress.push(e.targets[0]!.requests),
          request: () => seen.push('request'),
          end: (r) => (ended = r),
        },
      }),
    );
    expect(seen[0]).toBe('start:a,b');
    expect(seen.filter((s) => s === 'request')).toHaveLength(20);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[progress.length - 1]).toBeGreaterThan(progress[0]!);
    expect(ended).toBe(res);
    expect(res.slo.map((s) => [s.term, s.target, s.ok])).toEqual([
      ['p50<200ms', 'a', true],
      ['p50<200ms', 'b', true],
      ['success>=99%', 'a', true],
      ['success>=99%', 'b', true],
    ]);
    expect(clock.pendingTimers).toBe(0); // nothing left running
  });

  it('a send that throws an upstream error counts as that class; any other throw fails the run', async () => {
    const { clock, base } = setup(['a']);
    const failing = {
      ...base.targets[0]!,
      send: async () => Promise.reject(new UpstreamError('timeout', 'slow')),
    };
    const res = await clock.run(
      runBench({
        ...base,
        targets: [failing],
        load: { mode: 'closed', concurrency: 1 },
        stop: { requests: 3 },
      }),
    );
    expect(res.targets[0]!.errors).toEqual({ timeout: 3 });
    const buggy = {
      ...base.targets[0]!,
      send: () => {
        throw new TypeError('bug');
      },
    };
    await expect(
      clock.run(
        runBench({
          ...base,
          targets: [buggy],
          load: { mode: 'closed', concurrency: 1 },
          stop: { requests: 3 },
        }),
      ),
    ).rejects.toThrow('bug');
  });

  it.each([
    [{ load: { mode: 'closed' as const, concurrency: 0 } }, /--concurrency/],
    [{ load: { mode: 'open' as const, rate: 0, arrival: 'constant' as const } }, /--rate/],
    [{ stop: { requests: 0 } }, /--requests/],
    [{ shard: { index: 3, count: 2 } }, /--shard 3\/2/],
    [{ prompts: [] }, /no prompts/],
    [{ targets: [] }, /no targets/],
  ])('rejects bad options with a usage error (%#)', async (over, message) => {
    const { base } = setup(['a']);
    const opts = {
      ...base,
      load: { mode: 'closed' as const, concurrency: 1 },
      stop: { requests: 1 },
      ...over,
    } as BenchRunOptions;
    await expect(runBench(opts)).rejects.toThrow(UsageError);
    await expect(runBench(opts)).rejects.toThrow(message);
  });
});

describe('runBench: live rows show activity before the first answer', () => {
  it('within a second: requests in flight and the tokens they streamed, counted as sent', async () => {
    const clock = new VirtualClock();
    // Each request streams a chunk every 100 ms and answers after 3 s.
    const slow: BenchRunOptions['targets'][number] = {
      name: 'slow',
      model: 'm',
      baseUrl: 'http://fake/v1',
      send: async (_req, ctx) => {
        const start = clock.now();
        for (let i = 0; i < 30; i++) {
          await clock.sleep(100, ctx.signal).catch(() => undefined);
          ctx.onChunk?.();
        }
        return attempt({ model: 'm', start, end: clock.now(), outcome: 'ok' });
      },
    };
    const seen: { t: number; requests: number; inFlight: number; tokens: number }[] = [];
    await clock.run(
      runBench({
        targets: [slow],
        prompts,
        version: 'test',
        clock,
        lagMonitor: quietMonitor,
        load: { mode: 'closed', concurrency: 2 },
        stop: { requests: 2 },
        listeners: {
          progress: (e) =>
            seen.push({
              t: e.elapsedMs,
              requests: e.targets[0]!.requests,
              inFlight: e.targets[0]!.inFlight,
              tokens: e.targets[0]!.outputTokensPerS,
            }),
        },
      }),
    );
    const early = seen.find((s) => s.t >= 250 && s.t <= 1000)!;
    expect(early).toBeDefined();
    // Nothing finished yet, but the row is not zeros: 2 sent, 2 in flight, tokens streaming.
    expect(early.requests).toBe(2);
    expect(early.inFlight).toBe(2);
    expect(early.tokens).toBeGreaterThan(0);
  });
});
