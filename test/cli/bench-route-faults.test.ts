import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChatEnv } from '../helpers/chat-env.js';

/**
 * `bench --route` under a scripted outage, over real HTTP against the simulator: the primary
 * is down from the first request on and recovers 500 ms later (see N). Short cooldowns (the
 * durations are small real ones: the simulator must really be down and up again). The outage
 * starts with the run, not some time into it: on a busy machine the run can pause for longer
 * than the whole outage, and an outage that no request sees tests nothing.
 */
const env = useChatEnv();
const doc = (out: string) => JSON.parse(out) as Record<string, any>;
const paced = { ttftMs: 4, itlMs: 1, outputTokens: 5 };
/**
 * Requests in the outage run. The breaker opens at once, its probe at 300 ms fails (the outage
 * lasts 500 ms) and doubles the cooldown, so a is probed again only at about 900 ms. A run of
 * 200 requests (~9 ms each, 2 at a time) lasted 0.908 s and ended just before that probe, so a
 * answered nothing; 400 requests last about twice the time the story needs.
 */
const N = 400;
const config = {
  routes: { default: ['a', 'b', 'c'], r: ['a', 'b'] },
  retry: { attempts: 1, baseDelay: '10ms', maxDelay: '20ms', maxRetryAfter: '1s' },
  breaker: { failures: 2, cooldown: '300ms', maxCooldown: '5s' },
};

describe('bench --route under faults', () => {
  it('the outage shows open → half-open → closed, and the answer shares match the simulator log', async () => {
    const e = await env(
      { a: { ...paced, outages: [{ atMs: 0, forMs: 500 }] }, b: paced },
      { config },
    );
    const out = join(e.home, 'route.json');
    const r = await e.run([
      '--wide',
      'bench',
      '--route',
      'r',
      '-c',
      '2',
      '-n',
      String(N),
      '--no-tui',
      '--goodput',
      'ttft<30s',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const t = doc(readFileSync(out, 'utf8')).targets[0];
    expect(t.name).toBe('route:r');
    expect(t.ok).toBe(N);
    const route = t.route;
    // Who answered: exactly the requests the simulator answered in full, per model.
    const served = (m: string) =>
      e.sim.log.filter((x) => x.model === m && x.status === 200 && x.fault === undefined).length;
    expect(route.answered_by.a.requests).toBe(served('a'));
    expect(route.answered_by.b.requests).toBe(served('b'));
    expect(route.answered_by.a.requests + route.answered_by.b.requests).toBe(N);
    expect(route.answered_by.a.share + route.answered_by.b.share).toBeCloseTo(1, 9);
    expect(route.answered_by.b.requests).toBeGreaterThan(0);
    // The breaker's story: opened with the first cooldown, probed, and closed by the end.
    const story = route.breaker_changes.map((c: any) => `${c.from}>${c.to}`);
    expect(story[0]).toBe('closed>open');
    expect(route.breaker_changes[0].cooldown_ms).toBe(300);
    expect(story).toContain('open>half_open');
    expect(story[story.length - 1]).toBe('half_open>closed');
    // A probe inside the outage failed and doubled the cooldown.
    const reopened = route.breaker_changes.find(
      (c: any) => c.from === 'half_open' && c.to === 'open',
    );
    if (reopened) expect(reopened.cooldown_ms).toBe(600);
    for (const c of route.breaker_changes) expect(c.model).toBe('a');
    // Failover cost: failed attempts add to attempts per request; both latency groups measured.
    const failedOnA = e.sim.log.filter((x) => x.model === 'a' && x.fault !== undefined).length;
    expect(failedOnA).toBeGreaterThan(0);
    expect(route.attempts_per_request.mean).toBeCloseTo((N + failedOnA) / N, 9);
    expect(route.primary_served_ms.count).toBe(served('a'));
    expect(route.fallback_served_ms.count).toBe(served('b'));
    expect(route.primary).toBe('a');
    // The primary was spared during the outage: far fewer failed attempts than requests then.
    expect(failedOnA).toBeLessThan(route.answered_by.b.requests);
    expect(route.hedge).toMatchObject({ requests: 0, rate: 0, extra_cost_usd: 0 });
    // The summary: the route block and a row per breaker change; progress lines name each change.
    expect(r.stdout).toMatch(/route:r under faults/);
    expect(r.stdout).toMatch(/goodput under faults\s+goodput [\d.]+ req\/s · 100\.0% good/);
    expect(t.good).toBe(N);
    expect(r.stdout).toMatch(/answered by \(share of ok\)\s+[ab] \d+\.\d%/);
    expect(r.stdout).toMatch(/fallback-served latency\s+p50 /);
    expect(r.stdout).toMatch(/^\s*[\d.]+ {2}a\s+closed → open\s+0\.3$/m);
    expect(r.stdout).toMatch(/half-open → closed/);
    expect(r.stderr).toMatch(/breaker: a closed → open \(next probe in 0\.3s\)/);
  });

  it('--hedge: per target the hedge rate, the share the hedge won and the extra cost', async () => {
    const slow = { type: 'slow_first_token' as const, probability: 0.5, delayMs: 2000 };
    const e = await env({ a: { ...paced, faults: [slow] }, b: paced }, { config });
    const r = await e.run([
      'bench',
      '--route',
      'r',
      '-c',
      '4',
      '-n',
      '40',
      '--hedge',
      '150ms',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const t = doc(r.stdout).targets[0];
    const hedge = t.route.hedge;
    const slowOnA = e.sim.log.filter((x) => x.model === 'a' && x.fault === 'slow_first_token');
    // Every slow first token on a was hedged with b (b is only ever sent as a hedge), and b
    // (fast) won each of them; on a busy machine a normal request may be hedged too.
    const hedges = e.count('b');
    expect(slowOnA.length).toBeGreaterThan(0);
    expect(hedge.requests).toBe(hedges);
    expect(hedges).toBeGreaterThanOrEqual(slowOnA.length);
    expect(hedge.rate).toBeCloseTo(hedges / 40, 9);
    expect(hedge.won).toBe(t.route.answered_by.b.requests);
    expect(hedge.won).toBeGreaterThanOrEqual(slowOnA.length);
    expect(hedge.won_share).toBeCloseTo(hedge.won / hedges, 9);
    // The simulator reports usage only at the end: a cancelled leg was billed nothing reported.
    expect(hedge).toMatchObject({ cancelled_tokens: 0, extra_cost_usd: 0 });
    expect(t.ok).toBe(40);
  });

  it('--hedge needs --route', async () => {
    const e = await env();
    const r = await e.run(['bench', '-m', 'a', '-n', '2', '--hedge', '1s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--hedge .* --route/);
  });
});
