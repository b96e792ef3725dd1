import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArrivalGateway, type ArrivalGateway } from '../helpers/arrival-gateway.js';
import { shepherd } from '../helpers/spawn-shepherd.js';

/**
 * A trace of known timestamps replayed as a user runs it (bin/shepherd in its own process)
 * against a gateway in another process. Every send leaves within 1 ms of its recorded time
 * (sched_lag: the client's own actual send − recorded time / speed), at --trace-speed 1 and 2,
 * and the requests reach the gateway at the recorded gaps (see ARRIVAL_MS).
 *
 * The trace mixes 1 to 45 ms gaps with 3000-token prompts (built under o200k ahead of their
 * send times, never at them) and is longer than the requests built before the window opens.
 *
 * A replay is tried up to ATTEMPTS times and one must keep every send within 1 ms: work of
 * ours on the send path (a prompt built, a module loaded, a slow first call) is there on every
 * replay, while another process taking the CPU (a shared 2-core machine) holds up whatever
 * send is due then, on one replay and not the next. Every replay's median is within 1 ms.
 */
const ATTEMPTS = 3;
const GAPS = [1, 3, 7, 20, 45];
/** Recorded send times, ms: gaps of 1, 3, 7, 20 and 45 ms in turn (24 requests over 315 ms). */
const TIMES: number[] = [];
for (let i = 0, t = 0; i < 24; t += GAPS[i % GAPS.length] as number, i++) TIMES.push(t);
/**
 * Arrival at the gateway against the recorded gap, either way: the client's 1 ms, and the
 * wire path after the send is taken (the body serialised, undici's write, loopback, a new
 * connection for a request that overlaps the last one, the gateway's own event loop).
 */
const ARRIVAL_MS = 2;

let gw: ArrivalGateway;
let file: string;

beforeAll(async () => {
  gw = await startArrivalGateway();
  file = join(mkdtempSync(join(tmpdir(), 'shepherd-trace-')), 't.jsonl');
  const lines = TIMES.map((t, i) =>
    JSON.stringify({
      timestamp: 1000 + t,
      input_length: i % 4 === 1 ? 3000 : 20 + i,
      output_length: 100 + i,
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await gw?.close();
});

interface Replay {
  lag: { count: number; p50: number; max: number };
  /** Arrival of request i − its recorded time / speed, less the smallest such offset, ms. */
  arrivals: number[];
}

async function replay(speed: number): Promise<Replay> {
  const before = (await gw.arrivals()).length;
  const r = await shepherd(
    [
      'bench',
      '--base-url',
      gw.url,
      '-m',
      'm',
      '--trace',
      file,
      '--trace-speed',
      String(speed),
      '--json',
    ],
    { timeoutMs: 20_000 },
  );
  expect(r.code, r.stderr).toBe(0);
  const lag = JSON.parse(r.stdout).targets[0].sched_lag_ms as Replay['lag'];
  const got = (await gw.arrivals()).slice(before);
  expect(got).toHaveLength(TIMES.length);
  const offsets = TIMES.map((t, i) => {
    const a = got.find((x) => x.maxTokens === 100 + i);
    if (!a) throw new Error(`request ${i} never reached the gateway`);
    return a.at - t / speed;
  });
  const origin = Math.min(...offsets);
  return { lag, arrivals: offsets.map((o) => Math.round((o - origin) * 1000) / 1000) };
}

describe('trace replay timing (client and gateway in their own processes)', () => {
  it.each([1, 2])(
    '--trace-speed %d: every send within 1 ms of its recorded time',
    async (speed) => {
      const tries: Replay[] = [];
      for (let i = 0; i < ATTEMPTS; i++) {
        const r = await replay(speed);
        tries.push(r);
        expect(r.lag.count).toBe(TIMES.length);
        expect(r.lag.p50).toBeLessThanOrEqual(1);
        if (r.lag.max <= 1 && Math.max(...r.arrivals) <= ARRIVAL_MS) break;
      }
      const best = tries.find((r) => r.lag.max <= 1 && Math.max(...r.arrivals) <= ARRIVAL_MS);
      expect(best, JSON.stringify(tries)).toBeDefined();
    },
  );
});
