import { describe, expect, it } from 'vitest';
import { probeLines, SLOW_ROUND_MS } from '../../src/cli/health/probe-lines.js';
import type { Clock } from '../../src/core/clock.js';
import type { ProbeResult } from '../../src/health/types.js';
import { painter } from '../../src/ui/color.js';
import { useChatEnv } from '../helpers/chat-env.js';

/** A clock whose one sleep ends when the test says so. */
function manualClock() {
  let fire: () => void = () => undefined;
  const asked: number[] = [];
  const clock: Clock = {
    now: () => 0,
    wallNow: () => 0,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        asked.push(ms);
        fire = resolve;
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  };
  return { clock, asked, fire: () => fire() };
}

const result = (model: string, status: ProbeResult['status'], latencyMs: number): ProbeResult =>
  ({
    model,
    status,
    latencyMs,
    ...(status === 'down' ? { cls: 'timeout', message: 'no first token' } : {}),
  }) as ProbeResult;

const looks = { columns: 80, paint: painter(false) };
const tick = () => new Promise((r) => setImmediate(r));

describe('health: a slow round shows each model as its probe finishes', () => {
  it('nothing for a round under a second', async () => {
    const { clock } = manualClock();
    const out: string[] = [];
    const lines = probeLines(clock, 'completion', looks, (t) => out.push(t));
    lines.onResult(result('a', 'up', 120));
    lines.done();
    await tick();
    expect(out).toEqual([]);
  });

  it('after a second: the finished ones at once, then each as it finishes', async () => {
    const { clock, asked, fire } = manualClock();
    const out: string[] = [];
    const lines = probeLines(clock, 'completion', looks, (t) => out.push(t));
    expect(asked).toEqual([SLOW_ROUND_MS]);
    lines.onResult(result('a', 'up', 120));
    expect(out).toEqual([]);
    fire();
    await tick();
    expect(out).toEqual(['a: up 120 ms']);
    lines.onResult(result('b', 'down', 15000));
    expect(out[1]).toBe('b: down 15000 ms timeout: no first token');
    lines.done();
  });
});

const env = useChatEnv();

describe('shepherd health with a probe slower than a second', () => {
  it('prints the fast models on stderr before the slow one ends, then the table', async () => {
    const e = await env(
      { c: { ttftMs: 2000 } },
      { config: { timeouts: { firstToken: '5s', attempt: '6s', deadline: '10s' } } },
    );
    const run = e.start(['health', '--max-latency', '5s']);
    let finished = false;
    void run.done.then(() => (finished = true));
    // Until the fast models' lines show (or the run ends): then the table must not be out yet.
    while (!finished && !run.stderr.text.includes('b: up')) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(finished).toBe(false);
    expect(run.stderr.text).toMatch(/^a: up \d+ ms$/m);
    expect(run.stderr.text).toMatch(/^b: up \d+ ms$/m);
    expect(run.stdout.text).toBe('');
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^c: up \d+ ms$/m);
    expect(r.stdout).toMatch(/^c\s+up/m);
  });
});
