import { describe, expect, it } from 'vitest';
import { TRACE_LEAD_MS } from '../../../src/bench/load-loops.js';
import { SEND_SPARE_MS } from '../../../src/bench/phase-window.js';
import { mergeResults } from '../../../src/bench/merge.js';
import { runBench, TRACE_REST_MS, type BenchRunOptions } from '../../../src/bench/runner.js';
import { traceSchedule } from '../../../src/bench/workload/trace-workload.js';
import type { Workload } from '../../../src/bench/workload/types.js';
import { fakeTarget, quietMonitor, type SentRecord } from '../fake-target.js';
import { VirtualClock } from '../virtual-clock.js';

/** Virtual time of a replay's time 0: the pause before its window opens, and the lead. */
const T0 = TRACE_REST_MS + TRACE_LEAD_MS;

const trace = {
  file: 't',
  format: 'mooncake' as const,
  requests: [0, 37, 40, 120, 205, 206].map((atMs, i) => ({ atMs, input: 10 + i, output: 5 })),
};

function traceRun(speed: number, extra: Partial<BenchRunOptions> = {}) {
  const clock = new VirtualClock();
  const log: SentRecord[] = [];
  const workload: Workload = {
    info: { source: 'trace', tokenizer: 'none', exact_output: false },
    item: (seq) => ({
      messages: [{ role: 'user', content: `r${seq}` }],
      promptIndex: seq,
      maxTokens: 5,
      inputTokens: 10 + seq,
    }),
    trace: traceSchedule(trace, speed),
  };
  const run = runBench({
    targets: [fakeTarget(clock, 'a', log, () => 30)],
    workload,
    load: { mode: 'open', rate: 1, arrival: 'trace' },
    stop: { requests: trace.requests.length },
    version: 'test',
    clock,
    lagMonitor: quietMonitor,
    ...extra,
  });
  return { clock, log, run };
}

describe('trace schedule (virtual clock)', () => {
  it('sends each request at its recorded time, counted from it; --trace-speed 2 at half', async () => {
    for (const speed of [1, 2]) {
      const { clock, log, run } = traceRun(speed);
      const res = await clock.run(run);
      const times = trace.requests.map((r) => T0 + r.atMs / speed);
      expect(log.map((r) => r.at)).toEqual(times);
      expect(log.map((r) => r.ctx.intendedStart)).toEqual(times);
      expect(log.map((r) => r.req.messages[0]?.content)).toEqual([
        'r0',
        'r1',
        'r2',
        'r3',
        'r4',
        'r5',
      ]);
      expect(res.targets[0]?.sched_lag_ms.max).toBe(0);
      expect(res.load).toMatchObject({ arrival: 'trace' });
    }
  });

  it('live figures (a costly update) wait until a send is out, so no send is late for them', async () => {
    const clock = new VirtualClock();
    const log: SentRecord[] = [];
    const updates: number[] = [];
    // A send every 25 ms; an update every ~100 ms takes 6 ms of the event loop, so without
    // waiting some would start in the 10 ms before a send and hold it up.
    const requests = Array.from({ length: 40 }, (_, i) => ({ atMs: 25 * i, input: 5, output: 5 }));
    const run = runBench({
      targets: [fakeTarget(clock, 'a', log, () => 5)],
      workload: {
        info: { source: 'trace', tokenizer: 'none', exact_output: false },
        item: (seq) => ({ messages: [{ role: 'user', content: `r${seq}` }], promptIndex: seq }),
        trace: traceSchedule({ file: 't', format: 'mooncake', requests }, 1),
      },
      load: { mode: 'open', rate: 1, arrival: 'trace' },
      stop: { requests: requests.length },
      version: 'test',
      clock,
      lagMonitor: quietMonitor,
      progressIntervalMs: 97,
      listeners: {
        progress: () => {
          updates.push(clock.now());
          clock.stall(6);
        },
      },
    });
    const res = await clock.run(run);
    const sends = log.map((r) => r.at);
    expect(sends).toEqual(requests.map((r) => T0 + r.atMs));
    expect(res.targets[0]?.sched_lag_ms.max).toBe(0);
    expect(updates.length).toBeGreaterThanOrEqual(8);
    for (const u of updates) {
      const next = sends.find((t) => t > u);
      if (next !== undefined) expect(next - u).toBeGreaterThanOrEqual(6 + SEND_SPARE_MS);
    }
  });

  it('-d cuts a replay short, and a -d longer than the trace ends with it', async () => {
    const short = traceRun(1, { stop: { durationMs: 100 } });
    await short.clock.run(short.run);
    expect(short.log.map((r) => r.at)).toEqual([0, 37, 40].map((t) => t + T0));
    const long = traceRun(1, { stop: { durationMs: 60_000 } });
    const res = await long.clock.run(long.run);
    expect(long.log).toHaveLength(6);
    expect(res.duration_s).toBeLessThan(1);
  });

  it('a shard replays its own requests (by index) at their recorded times', async () => {
    const { clock, log, run } = traceRun(1, { shard: { index: 2, count: 2 } });
    await clock.run(run);
    expect(log.map((r) => [r.req.messages[0]?.content, r.at - T0])).toEqual([
      ['r1', 37],
      ['r3', 120],
      ['r5', 206],
    ]);
  });
});

describe('merge', () => {
  it('length counts of shards add exactly', async () => {
    const docs = [];
    for (const index of [1, 2]) {
      const { clock, run } = traceRun(1, { shard: { index, count: 2 } });
      docs.push(await clock.run(run));
    }
    const merged = mergeResults(docs);
    const l = merged.targets[0]?.lengths;
    expect(l?.input_sent.counts).toEqual({ '10': 1, '11': 1, '12': 1, '13': 1, '14': 1, '15': 1 });
    expect(l?.input_sent).toMatchObject({ count: 6, p50: 12, max: 15 });
    expect(l?.output_got.count).toBe(6);
  });
});

function conversationRun(extra: Partial<BenchRunOptions> = {}) {
  const clock = new VirtualClock();
  const log: SentRecord[] = [];
  const workload: Workload = {
    info: { source: 'prompts', tokenizer: 'none', exact_output: false },
    item: () => {
      throw new Error('conversations only');
    },
    conversation: (index) => ({
      turns: 3,
      opening: [],
      user: (t) => ({ content: `c${index}t${t}`, tokens: 10 }),
      output: () => ({ maxTokens: 5 }),
    }),
    thinkTimeMs: 500,
  };
  const run = runBench({
    targets: [fakeTarget(clock, 'a', log, () => 100)],
    workload,
    load: { mode: 'closed', concurrency: 1 },
    stop: { requests: 5 },
    version: 'test',
    clock,
    lagMonitor: quietMonitor,
    ...extra,
  });
  return { clock, log, run };
}

describe('conversations (virtual clock)', () => {
  it('open loop: a conversation starts at each arrival; later turns follow answer and think time', async () => {
    const { clock, log, run } = conversationRun({
      load: { mode: 'open', rate: 1, arrival: 'constant' },
    });
    const res = await clock.run(run);
    expect(log.map((r) => [r.at, r.req.messages.at(-1)?.content, r.ctx.intendedStart])).toEqual(
      [
        [0, 'c0t0', 0],
        [600, 'c0t1', undefined],
        [1200, 'c0t2', undefined],
        [1000, 'c1t0', 1000],
        [1600, 'c1t1', undefined],
      ].sort((x, y) => (x[0] as number) - (y[0] as number)),
    );
    expect(res.targets[0]?.requests).toBe(5);
    expect(res.targets[0]?.turns?.map((t) => t.requests)).toEqual([2, 2, 1]);
  });

  it('shards split by conversation; their turn figures merge by adding', async () => {
    const docs = [];
    const sent: string[] = [];
    for (const index of [1, 2]) {
      const { clock, log, run } = conversationRun({ shard: { index, count: 2 } });
      docs.push(await clock.run(run));
      sent.push(...log.map((r) => String(r.req.messages.at(-1)?.content)));
    }
    // Shard 1 plays conversations 0, 2 ...; shard 2 plays 1, 3 ...; -n 5 gives 3 + 2 turns.
    expect(sent).toEqual(['c0t0', 'c0t1', 'c0t2', 'c1t0', 'c1t1']);
    const merged = mergeResults(docs);
    expect(
      merged.targets[0]?.turns?.map((t) => [t.turn, t.requests, t.ok, t.ttft_ms.count]),
    ).toEqual([
      [1, 2, 2, 2],
      [2, 2, 2, 2],
      [3, 1, 1, 1],
    ]);
  });

  it('the next turn goes think-time after the answer; -n counts every turn', async () => {
    const clock = new VirtualClock();
    const log: SentRecord[] = [];
    const workload: Workload = {
      info: { source: 'prompts', tokenizer: 'none', exact_output: false },
      item: () => {
        throw new Error('conversations only');
      },
      conversation: (index) => ({
        turns: 3,
        opening: [],
        user: (t) => ({ content: `c${index}t${t}` }),
        output: () => ({ maxTokens: 5 }),
      }),
      thinkTimeMs: 500,
    };
    const res = await clock.run(
      runBench({
        targets: [fakeTarget(clock, 'a', log, () => 100)],
        workload,
        load: { mode: 'closed', concurrency: 1 },
        stop: { requests: 5 },
        version: 'test',
        clock,
        lagMonitor: quietMonitor,
      }),
    );
    expect(log.map((r) => [r.at, r.req.messages.length, r.req.messages.at(-1)?.content])).toEqual([
      [0, 1, 'c0t0'],
      [600, 3, 'c0t1'],
      [1200, 5, 'c0t2'],
      [1300, 1, 'c1t0'],
      [1900, 3, 'c1t1'],
    ]);
    expect(res.targets[0]?.turns?.map((t) => [t.turn, t.requests])).toEqual([
      [1, 2],
      [2, 2],
      [3, 1],
    ]);
  });
});
