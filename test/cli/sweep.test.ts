import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepResultSchema, type SweepResult } from '../../src/bench/sweep/sweep-types.js';
import { useChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();
const sweepDoc = (out: string): SweepResult => sweepResultSchema.parse(JSON.parse(out));

describe('bench --sweep', () => {
  it('--min-capacity exits 1 below it (or with no capacity) and 0 at or above it', async () => {
    const e = await env();
    const base = [
      'bench',
      '-m',
      'a',
      '--sweep',
      'concurrency=1..4',
      '-d',
      '0.2s',
      '--warmup',
      '0',
      '--no-tui',
    ];
    const held = await e.run([...base, '--slo', 'ttft.p99<2s', '--min-capacity', '4']);
    expect(held.code, held.stderr).toBe(0);
    expect(held.stdout).toMatch(/capacity ≥ 4 streams/);
    const short = await e.run([...base, '--slo', 'ttft.p99<2s', '--min-capacity', '5', '--json']);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/capacity below --min-capacity 5: a 4 streams/);
    expect(sweepDoc(short.stdout).targets[0]!.capacity).toMatchObject({
      load: 4,
      at_range_end: true,
    });
    const summary = join(e.home, 'summary.md');
    const none = await e.run([...base, '--slo', 'ttft.p99<0.001ms', '--min-capacity', '1'], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(readFileSync(summary, 'utf8')).toMatch(/\| `a` \| — \| — \|/);
    expect(none.stdout).toMatch(/^::error title=shepherd bench capacity::a: capacity: none/m);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/capacity: none, the SLO broke even at 1 stream/);
    expect(none.stderr).toMatch(/a none/);
  }, 30_000);

  it('Ctrl-C mid-sweep keeps the finished steps, prints them and writes --out, exit 130', async () => {
    const e = await env({ a: { ttftMs: 5, itlMs: 5, outputTokens: 4 } });
    const out = join(e.home, 'sweep.json');
    const ac = new AbortController();
    const run = e.start(
      ['bench', '-m', 'a', '--sweep', 'concurrency=1..64', '-d', '0.4s', '--no-tui', '--out', out],
      { signal: ac.signal },
    );
    const deadline = Date.now() + 15_000;
    while (!/step 2 · a at 2 streams/.test(run.stderr.text) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    ac.abort();
    const r = await run.done;
    expect(r.code).toBe(130);
    const d = sweepResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(d.interrupted).toBe(true);
    const loads = d.targets[0]!.steps.map((s) => s.load);
    expect(loads.slice(0, 2)).toEqual([1, 2]);
    expect(loads.length).toBeLessThan(7);
    for (const s of d.targets[0]!.steps) expect(s.result.ok).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/stopped\s+early/);
    expect(r.stderr).toMatch(/sweep stopped early; kept \d+ finished steps/);
  }, 30_000);

  it('--sweep rate=LO..HI runs open-loop steps (-n requests each) and bisects to the precision', async () => {
    const e = await env({
      a: { ttftMs: 30, itlMs: 0, outputTokens: 2, capacity: { maxConcurrent: 1 } },
    });
    // One at a time, ~30 ms each (one timer, so a busy machine makes it little later): about
    // 33 req/s at most. At 400 req/s the 12 requests arrive within ~30 ms and the middle one
    // waits ~165 ms: the median TTFT SLO breaks, and a busy machine only makes that worse. At
    // 10 and 20 req/s the median is ~30 ms: one pause of the client or the simulator on a busy
    // machine delays a few of the 12 (which a p99 would catch), not half of them.
    const r = await e.run([
      'bench',
      '-m',
      'a',
      '--sweep',
      'rate=10..400',
      '-n',
      '12',
      '--slo',
      'ttft.p50<120ms',
      '--sweep-precision',
      '25%',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const d = sweepDoc(r.stdout);
    expect(d).toMatchObject({
      kind: 'rate',
      precision: 0.25,
      step: { requests: 12, duration_s: null, arrival: 'constant' },
    });
    const t = d.targets[0]!;
    for (const s of t.steps) {
      expect(s.result.requests).toBe(12);
      expect(s.result.target_rps).toBe(s.load);
    }
    const loads = t.steps.map((s) => s.load);
    expect(loads.slice(0, 2)).toEqual([10, 20]);
    const cap = t.capacity!.load;
    const broke = t.steps.find((s) => s.load > cap && s.slo_ok === false)!.load;
    expect(broke - cap).toBeLessThanOrEqual(0.25 * cap + 1e-9);
  }, 30_000);

  it('the summary has one row per step and marks the knee; usage errors exit 2 before sending', async () => {
    const e = await env({
      a: { ttftMs: 10, itlMs: 10, outputTokens: 5, capacity: { maxConcurrent: 2 } },
    });
    const r = await e.run([
      'bench',
      '-m',
      'a',
      '--sweep',
      'concurrency=1..8',
      '-d',
      '0.3s',
      '--goodput',
      'ttft<1s',
      '--no-tui',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/streams +requests/);
    expect(r.stdout).toMatch(/good\s/);
    // Where exactly the knee lands in 0.3 s steps is the timing tests' business.
    expect(r.stdout).toMatch(/^ +\d+ .*◀ knee/m);
    expect(r.stdout).toMatch(/a +capacity: no --slo given · knee \d+ streams/);
    const sent = e.sim.log.length;
    for (const bad of [
      ['--sweep', 'concurrency=1..8', '-c', '4'],
      ['--sweep', 'concurrency=8..1'],
      ['--sweep', 'threads=1..8'],
      ['--sweep', 'concurrency=1.5..8'],
      ['--sweep', 'rate=1..8', '--sweep-precision', '0%'],
      ['--sweep', 'concurrency=1..8', '--min-capacity', '4'],
      ['--sweep-precision', '10%'],
      ['--min-capacity', '3'],
      ['--sweep', 'concurrency=1..8', '--baseline', 'x.json'],
    ]) {
      const u = await e.run(['bench', '-m', 'a', ...bad]);
      expect(u.code, bad.join(' ')).toBe(2);
      expect(u.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(e.sim.log.length).toBe(sent);
  }, 30_000);
});
