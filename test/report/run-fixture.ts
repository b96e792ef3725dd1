import { runBench, type BenchTarget } from '../../src/bench/runner.js';
import type { BenchResult } from '../../src/bench/result-types.js';
import type { BenchPrompt } from '../../src/bench/prompts.js';
import { parseSlo } from '../../src/bench/slo.js';
import type { ErrorClass } from '../../src/core/errors.js';
import { VirtualClock } from '../bench/virtual-clock.js';
import { quietMonitor } from '../bench/fake-target.js';
import { attempt } from '../bench/helpers.js';

/**
 * Bench results made by the real engine on a virtual clock against fake targets whose answer
 * depends only on the request number: a run in one piece and the same run as shards give the
 * same requests at the same times, so their merged result must chart exactly like the whole.
 */

export interface FakeGateway {
  name: string;
  /** Median latency (ms) and TTFT share of it. */
  medianMs: number;
  /** Every k-th request fails with this class. */
  errors?: { every: number; cls: ErrorClass }[];
}

/** A deterministic 0..1 per (request, salt). */
function unit(seq: number, salt: number): number {
  let x = (seq + 1) * 2654435761 + salt * 40503;
  x = (x ^ (x >>> 13)) * 1274126177;
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}

function gatewayTarget(clock: VirtualClock, g: FakeGateway, salt: number): BenchTarget {
  return {
    name: g.name,
    model: `model-${g.name}`,
    baseUrl: `http://${g.name}.test/v1`,
    send: async (req, ctx) => {
      const start = clock.now();
      const fail = g.errors?.find((e) => req.seq % e.every === 0);
      // lognormal-ish latency, slower in the middle third of the run (a brown-out to see over time)
      const slow = req.seq > 80 && req.seq < 140 ? 1.8 : 1;
      const ms = Math.round(g.medianMs * slow * Math.exp(0.45 * (unit(req.seq, salt) * 2 - 1) * 2));
      await clock.sleep(fail ? 40 : ms, ctx.signal);
      const end = clock.now();
      if (fail) {
        return attempt({ model: `model-${g.name}`, start, end, outcome: fail.cls });
      }
      const tokens = 12 + Math.floor(unit(req.seq, salt + 1) * 40);
      const first = start + Math.round(ms * 0.25);
      const times = Array.from({ length: tokens }, (_, k) =>
        Math.round(first + ((end - first) * k) / (tokens - 1)),
      );
      return attempt({
        model: `model-${g.name}`,
        ...(ctx.intendedStart !== undefined ? { intendedStart: ctx.intendedStart } : {}),
        start,
        firstOutput: first,
        firstToken: first,
        end,
        contentTimes: times,
        contentChunks: tokens,
        usage: { prompt_tokens: 20, completion_tokens: tokens, total_tokens: 20 + tokens },
      });
    },
  };
}

const prompts: BenchPrompt[] = Array.from({ length: 5 }, (_, i) => ({
  messages: [{ role: 'user', content: `prompt ${i}` }],
}));

export const GATEWAYS: FakeGateway[] = [
  { name: 'gpt-4.1', medianMs: 900, errors: [{ every: 37, cls: 'server_error' }] },
  { name: 'claude-sonnet-4.5', medianMs: 1400, errors: [{ every: 53, cls: 'rate_limited' }] },
  { name: 'deepseek-v3.2', medianMs: 2100 },
];

/** One open-loop run (rate `rate` per target, `requests` per target), whole or as shard I/N. */
export async function fixtureRun(
  o: {
    rate?: number;
    requests?: number;
    shard?: { index: number; count: number };
    gateways?: FakeGateway[];
    slo?: string;
  } = {},
): Promise<BenchResult> {
  const clock = new VirtualClock();
  const targets = (o.gateways ?? GATEWAYS).map((g, i) => gatewayTarget(clock, g, i * 7));
  return clock.run(
    runBench({
      targets,
      prompts,
      load: { mode: 'open', rate: o.rate ?? 8, arrival: 'constant' },
      stop: { requests: o.requests ?? 200 },
      ...(o.shard ? { shard: o.shard } : {}),
      version: '0.1.0',
      clock,
      lagMonitor: quietMonitor,
      slo: parseSlo(o.slo ?? 'p95<4s,ttft.p99<1.5s,success>=99%'),
    }),
  );
}
