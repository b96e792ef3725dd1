import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatEnv, useChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();
const doc = (out: string) => JSON.parse(out) as Record<string, any>;
const ESC = '\u001b';

describe('shepherd bench (against the simulator)', () => {
  it('-n N sends exactly N per target (the server log agrees) and --json prints the v1 document', async () => {
    const e = await env();
    const r = await e.run(['bench', '-m', 'a,b', '-n', '25', '-c', '3', '--json', '--no-tui']);
    expect(r.code).toBe(0);
    const d = doc(r.stdout);
    expect(d.schema).toBe('shepherd.bench/v1');
    expect(d.targets.map((t: any) => [t.name, t.requests, t.ok])).toEqual([
      ['a', 25, 25],
      ['b', 25, 25],
    ]);
    expect(e.count('a')).toBe(25);
    expect(e.count('b')).toBe(25);
    expect(d.targets[0].usage.completion_tokens).toBe(25 * 6);
    expect(d.load).toMatchObject({ mode: 'closed', concurrency: 3 });
    expect(r.stdout).not.toContain(ESC);
    expect(r.stderr).not.toContain(ESC);
  });

  it('prints the summary table with units, and plain progress on stderr without escape codes', async () => {
    const e = await env();
    const r = await e.run(['--wide', 'bench', '-m', 'a', '-n', '10', '--no-tui']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/p50 ms/);
    expect(r.stdout).toContain('a');
    expect(r.stdout + r.stderr).not.toContain(ESC);
  });

  it('the default targets are the default route, each its own target', async () => {
    const e = await env();
    const r = await e.run(['bench', '-n', '3', '--json']);
    expect(doc(r.stdout).targets.map((t: any) => t.name)).toEqual(['a', 'b', 'c']);
  });

  it('--slo exits 1 naming each violated term; a met SLO exits 0', async () => {
    const e = await env();
    const bad = await e.run(['bench', '-m', 'a', '-n', '10', '--slo', 'p50<0.001ms,success>=99%']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/SLO violated: .*p50<0\.001ms \(\d+(\.\d+)? m?s\)/);
    expect(bad.stderr).not.toMatch(/success>=99%/);
    const good = await e.run(['bench', '-m', 'a', '-n', '10', '--slo', 'p50<10s,success>=99%']);
    expect(good.code).toBe(0);
  });

  it('a bad --slo is a usage error before anything is sent', async () => {
    const e = await env();
    const r = await e.run(['bench', '-m', 'a', '-n', '10', '--slo', 'p95<<fast']);
    expect(r.code).toBe(2);
    expect(e.sim.log).toHaveLength(0);
  });

  it('--baseline: a clear regression exits 1, the same distribution exits 0', async () => {
    // A 50% threshold: a busy 2-core CI machine (other suites, other jobs) can move an
    // in-process run by well over 10%, while a 100 ms -> 600 ms TTFT is far beyond any noise.
    const e = await env({ a: { ttftMs: 100, itlMs: 10 } });
    const base = join(e.home, 'base.json');
    // 20 and 12 requests, four at a time (p50 is judged from 10): fewer samples only widen
    // the confidence interval, so the same distribution is no likelier to read as a
    // regression, while a sixfold TTFT still shows; the test no longer waits 10 s.
    expect((await e.run(['bench', '-m', 'a', '-n', '20', '-c', '4', '--out', base])).code).toBe(0);
    const gate = ['--baseline', base, '--max-regression', '50%'];
    const same = await e.run(['bench', '-m', 'a', '-n', '20', '-c', '4', ...gate]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/Baseline comparison/);
    e.sim.setModel('a', { ttftMs: 600 });
    // All 12 at once: shared hiccups only make a slow run slower, never hide a regression.
    const slow = await e.run(['bench', '-m', 'a', '-n', '12', '-c', '12', ...gate]);
    expect(slow.code).toBe(1);
    expect(slow.stderr).toMatch(/regression beyond 50%/);
    expect(slow.stdout).toContain('REGRESSION');
  });

  it('two shards merge to exactly one run’s counts', async () => {
    const e = await env();
    const s1 = join(e.home, 's1.json');
    const s2 = join(e.home, 's2.json');
    expect(
      (await e.run(['bench', '-m', 'a,b', '-n', '20', '--shard', '1/2', '--out', s1])).code,
    ).toBe(0);
    expect(
      (await e.run(['bench', '-m', 'a,b', '-n', '20', '--shard', '2/2', '--out', s2])).code,
    ).toBe(0);
    expect(e.count('a')).toBe(20);
    const m = await e.run(['bench', 'merge', s1, s2, '--json', '--out', join(e.home, 'm.json')]);
    expect(m.code).toBe(0);
    const merged = doc(m.stdout);
    expect(merged.targets.map((t: any) => [t.name, t.requests, t.ok])).toEqual([
      ['a', 20, 20],
      ['b', 20, 20],
    ]);
    expect(merged.targets[0].latency_ms.count).toBe(20);
    expect(JSON.parse(readFileSync(join(e.home, 'm.json'), 'utf8')).schema).toBe(
      'shepherd.bench/v1',
    );
  });

  it('bench merge --slo gates the merged figures (before or after merge); run flags are refused', async () => {
    const e = await env();
    const s1 = join(e.home, 's1.json');
    const s2 = join(e.home, 's2.json');
    // 5 + 5 requests: each shard alone is too thin for p50, the merged 10 are not.
    await e.run(['bench', '-m', 'a', '-n', '10', '--shard', '1/2', '--out', s1]);
    await e.run(['bench', '-m', 'a', '-n', '10', '--shard', '2/2', '--out', s2]);
    const bad = await e.run(['bench', 'merge', s1, s2, '--slo', 'p50<0.001ms,success>=99%']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/SLO violated: a: p50<0\.001ms/);
    expect(bad.stdout).toMatch(/SLO: 1 of 2 checks met/);
    const before = await e.run(['bench', '--slo', 'p50<0.001ms', 'merge', s1, s2, '--json']);
    expect(before.code).toBe(1);
    expect(doc(before.stdout).slo).toMatchObject([
      { term: 'p50<0.001ms', target: 'a', ok: false, verdict: 'violated' },
    ]);
    const good = await e.run(['bench', 'merge', s1, s2, '--slo', 'p50<10s', '--no-tui']);
    expect(good.code).toBe(0);
    const load = await e.run(['bench', 'merge', s1, s2, '-c', '8']);
    expect(load.code).toBe(2);
    expect(load.stderr).toMatch(/bench merge does not take --concurrency/);
  });

  it('bench merge refuses a file that is not a result', async () => {
    const e = await env();
    const r = await e.run([
      'bench',
      'merge',
      join(e.home, 'shepherd.config.json'),
      join(e.home, 'nope.json'),
    ]);
    expect(r.code).toBe(2);
  });

  it('a run in which no request succeeded exits 4 and says what failed', async () => {
    const e = await env({ a: { faults: [{ type: 'server_error', status: 503, probability: 1 }] } });
    const r = await e.run(['bench', '-m', 'a', '-n', '5']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/no request succeeded: a: server_error 5/);
  });

  it('--route benchmarks the whole fallback chain as one target', async () => {
    const e = await env({ a: { faults: [{ type: 'server_error', status: 503, probability: 1 }] } });
    const r = await e.run(['bench', '--route', 'default', '-n', '5', '--json']);
    expect(r.code).toBe(0);
    const t = doc(r.stdout).targets;
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ name: 'route:default', requests: 5, ok: 5 });
    expect(e.count('b')).toBe(5);
  });

  it('--compare-url runs the same workload against a second gateway, interleaved', async () => {
    const e = await env();
    const other = await chatEnv();
    try {
      const r = await e.run([
        'bench',
        '-m',
        'a',
        '-n',
        '6',
        '--compare-url',
        other.sim.url,
        '--json',
      ]);
      expect(r.code).toBe(0);
      expect(doc(r.stdout).targets.map((t: any) => [t.name, t.requests])).toEqual([
        ['a', 6],
        ['a@compare', 6],
      ]);
      expect(e.count('a')).toBe(6);
      expect(other.count('a')).toBe(6);
    } finally {
      await other.sim.close();
    }
  });

  it('open loop (--rate) reports the target rate and scheduling lag', async () => {
    const e = await env();
    const r = await e.run(['bench', '-m', 'a', '--rate', '40', '-n', '20', '--json']);
    expect(r.code).toBe(0);
    const t = doc(r.stdout).targets[0];
    expect(t.target_rps).toBe(40);
    expect(t.sched_lag_ms.count).toBe(20);
    expect(t.service_latency_ms.count).toBe(20);
  });

  it('bad load flags are usage errors (exit 2) naming the flag', async () => {
    const e = await env();
    for (const [args, text] of [
      [['-c', '2', '--rate', '5'], /not both/],
      [['-n', '0'], /-n\/--requests/],
      [['-d', 'soon'], /-d\/--duration/],
      [['--shard', '3/2'], /--shard/],
      [['--warmup', 'x'], /--warmup/],
    ] as const) {
      const r = await e.run(['bench', '-m', 'a', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(text);
    }
    expect(e.sim.log).toHaveLength(0);
  });
});

describe('shepherd bench under GitHub Actions', () => {
  it('appends a Markdown summary and prints ::error:: for a violated SLO', async () => {
    const e = await env();
    const summary = join(e.home, 'summary.md');
    const r = await e.run(['bench', '-m', 'a', '-n', '5', '--slo', 'max<0.001ms'], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(1);
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/\|.*p50.*\|/);
    expect(md).toContain('a');
    expect(r.stdout).toMatch(/^::error/m);
  });
});

describe('cost --from a real bench result', () => {
  it('prices the input and output tokens the bench run reported', async () => {
    const e = await env();
    const out = join(e.home, 'run.json');
    expect((await e.run(['bench', '-m', 'a', '-n', '10', '--out', out])).code).toBe(0);
    const run = JSON.parse(readFileSync(out, 'utf8'));
    const usage = run.targets[0].usage;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    const c = await e.run(['cost', '--from', out, '--json']);
    expect(c.code).toBe(0);
    const cost = JSON.parse(c.stdout);
    const row = cost.rows.find((x: any) => x.model === 'a');
    // model a: $1/M input, $2/M output (test config)
    expect(row.total_usd).toBeCloseTo(
      (usage.prompt_tokens * 1 + usage.completion_tokens * 2) / 1e6,
      6,
    );
    expect(row.estimated ?? false).toBe(false);
  });
});

describe('shepherd bench: Ctrl-C', () => {
  it('a Ctrl-C that came before the run started (while the simulator or prompts loaded) stops it at once: --out written, exit 130', async () => {
    const e = await env();
    const out = join(e.home, 'run.json');
    const controller = new AbortController();
    controller.abort();
    const started = performance.now();
    const r = await e.run(['bench', '-m', 'a', '-d', '60s', '--no-tui', '--out', out], {
      signal: controller.signal,
    });
    expect(r.code).toBe(130);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(JSON.parse(readFileSync(out, 'utf8')).interrupted).toBe(true);
  });
});
