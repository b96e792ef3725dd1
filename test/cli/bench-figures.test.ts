import { describe, expect, it } from 'vitest';
import { useChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();
const doc = (out: string) => JSON.parse(out) as Record<string, any>;

describe('bench figures over loopback HTTP (issue: per-target rates, drains, thin samples)', () => {
  it('two targets of different speeds with -n: each rate is over its own active window', async () => {
    // a answers in a few ms, b in ~600 ms: with -n, a finishes long before b.
    const e = await env({ a: { ttftMs: 1, itlMs: 0 }, b: { ttftMs: 600, itlMs: 0 } });
    const r = await e.run(['bench', '-m', 'a,b', '-n', '12', '-c', '3', '--json', '--no-tui']);
    expect(r.code).toBe(0);
    const [a, b] = doc(r.stdout).targets;
    expect(a.active_s).toBeLessThan(b.active_s);
    // A shared run-wide window gave both the same req/s; now the fast one is clearly faster
    // (by a wide margin on an idle machine; the bound leaves room for a loaded one).
    expect(a.throughput_rps).toBeGreaterThan(1.5 * b.throughput_rps);
    // Each rate is its completed requests over its own window.
    for (const t of [a, b]) expect(t.throughput_rps).toBeCloseTo(12 / t.active_s, 6);
    expect(b.throughput_rps).toBeLessThan(3 / 0.6 + 0.5); // 3 at a time, ≥ 600 ms each
  });

  it('a -d run: the window is what -d says, the drain is shown apart, and the JSON gives both and the wall time', async () => {
    // Requests take ~600 ms: at the end of a 1 s window some are still in flight.
    const e = await env({ a: { ttftMs: 600, itlMs: 0 } });
    const r = await e.run(['bench', '-m', 'a', '-d', '1s', '-c', '2', '--json', '--no-tui'], {
      env: { SHEPHERD_PROGRESS_INTERVAL_MS: '500' },
    });
    expect(r.code).toBe(0);
    const d = doc(r.stdout);
    expect(d.duration_s).toBeGreaterThan(0.99);
    expect(d.duration_s).toBeLessThan(1.5); // the window, not window + drain
    expect(d.drain_s).toBeGreaterThan(0.1);
    expect(d.drain_s).toBeLessThan(5);
    expect(d.wall_s).toBeGreaterThanOrEqual(d.duration_s + d.drain_s - 0.01);
    // Requests that finished in the drain are counted; nothing was cut.
    expect(d.targets[0].cancelled).toBe(0);
    expect(d.targets[0].requests).toBe(d.targets[0].ok);
    // During the drain, plain progress says so once, with what is in flight and the bound.
    const drains = r.stderr.split('\n').filter((l) => l.includes('draining:'));
    expect(drains).toHaveLength(1);
    expect(drains[0]).toMatch(/draining: 1\.0s window over · [12] in flight · .* of up to 5\.0s/);
    // After the drain, the summary's caption gives both.
    const table = await e.run(['bench', '-m', 'a', '-d', '1s', '-c', '2', '--no-tui', '--quiet']);
    expect(table.stdout).toMatch(/1\.0 s measured \+ 0\.\d s drain/);
  });

  it('a thin-sample SLO is not judged: named, with what to do, exit 6', async () => {
    const e = await env();
    const r = await e.run(['bench', '-m', 'a', '-n', '12', '--slo', 'p95<3000ms,p50<3000ms']);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /SLO not judged \(too few samples\): a: p95<3000ms needs 100 ok requests, had 12; run longer/,
    );
    expect(r.stderr).not.toMatch(/SLO violated/);
    expect(r.stdout).toMatch(/\? p95<3000ms .*not judged: needs 100 ok requests/);
    expect(r.stdout).toMatch(/✓ p50<3000ms/);
    // The table marks the percentiles 12 requests cannot support.
    expect(r.stdout).toMatch(/\d\* /);
    expect(r.stdout).toContain('* too few requests for this percentile');
    const json = await e.run(['bench', '-m', 'a', '-n', '12', '--slo', 'p95<3000ms', '--json']);
    expect(json.code).toBe(6);
    const d = doc(json.stdout);
    expect(d.slo).toEqual([
      expect.objectContaining({
        term: 'p95<3000ms',
        ok: false,
        verdict: 'too_few_samples',
        samples_needed: 100,
      }),
    ]);
    expect(d.targets[0].latency_ms.thin).toEqual(['p90', 'p95', 'p99', 'p999']);
    // A violated term still exits 1, whatever else could not be judged.
    const bad = await e.run(['bench', '-m', 'a', '-n', '12', '--slo', 'p95<3000ms,p50<0.001ms']);
    expect(bad.code).toBe(1);
  });

  it('a client freeze is warned once, naming the figures it may have touched', async () => {
    const e = await env({ a: { ttftMs: 50, itlMs: 1 } });
    // Freeze this process (the CLI runs in it) for 300 ms while requests are in flight.
    const freeze = setTimeout(() => {
      const until = performance.now() + 300;
      while (performance.now() < until) {
        // busy: the event loop cannot turn
      }
    }, 150);
    const r = await e.run(['bench', '-m', 'a', '-d', '600ms', '-c', '2', '--no-tui']);
    clearTimeout(freeze);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => /event-loop/.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: event-loop (stall|lag)/);
    expect(warnings[0]).toMatch(/latency, TTFT, ITL and TPOT/);
  });
});
