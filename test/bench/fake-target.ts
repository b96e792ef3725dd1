import type { BenchTarget, SendContext } from '../../src/bench/runner.js';
import type { BenchRequest } from '../../src/bench/prompts.js';
import type { AttemptResult } from '../../src/core/result.js';
import type { VirtualClock } from './virtual-clock.js';
import { attempt } from './helpers.js';

export interface SentRecord {
  target: string;
  req: BenchRequest;
  ctx: SendContext;
  at: number;
}

/** A fake target on the virtual clock: answers after `latency(req)` ms with 3 content chunks. */
export function fakeTarget(
  clock: VirtualClock,
  name: string,
  log: SentRecord[],
  latency: (req: BenchRequest) => number = () => 100,
): BenchTarget {
  return {
    name,
    model: `model-${name}`,
    baseUrl: 'http://fake/v1',
    send: async (req, ctx): Promise<AttemptResult> => {
      const start = clock.now();
      log.push({ target: name, req, ctx, at: start });
      const ms = latency(req);
      try {
        await clock.sleep(ms, ctx.signal);
      } catch {
        return attempt({ model: `model-${name}`, start, end: clock.now(), outcome: 'cancelled' });
      }
      const end = clock.now();
      const first = start + ms / 2;
      return attempt({
        model: `model-${name}`,
        ...(ctx.intendedStart !== undefined ? { intendedStart: ctx.intendedStart } : {}),
        start,
        firstOutput: first,
        firstToken: first,
        end,
        contentTimes: [first, first + ms / 4, end],
        contentChunks: 3,
        usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
      });
    },
  };
}

export const quietMonitor = { start: () => undefined, stop: () => ({ p99: 0.5, max: 1 }) };
