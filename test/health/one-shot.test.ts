import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatEnv, useChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();
const json = (out: string) => JSON.parse(out) as Record<string, any>;
const byModel = (doc: Record<string, any>) =>
  Object.fromEntries((doc.models as any[]).map((m) => [m.model, m]));
const down503 = {
  faults: [{ type: 'server_error' as const, status: 503 as const, probability: 1 }],
};

describe('shepherd health: completion probe (default)', () => {
  it('probes every model of the routes with one streamed 1-token request each; table and cost', async () => {
    const e = await env();
    const r = await e.run(['--wide', 'health']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const posts = e.sim.log.filter((l) => l.method === 'POST');
    expect(posts.map((l) => l.model).sort()).toEqual(['a', 'b', 'c']);
    expect(posts.every((l) => l.path === '/v1/chat/completions' && l.stream === true)).toBe(true);
    expect(e.sim.log.filter((l) => l.method === 'GET')).toHaveLength(0);
    for (const h of ['model', 'status', 'latency (ms)', 'HTTP', 'class', 'detail'])
      expect(r.stdout).toContain(h);
    expect(r.stdout).toMatch(/^a\s+up\s+\d+\s+200/m);
    expect(r.stdout).toMatch(
      /3 models: 3 up, 0 degraded, 0 down \(completion probe\); probe cost \$0\.0000\d\d/,
    );
  });

  it('--json: shepherd.health/v1 with per-model cost and the total', async () => {
    const e = await env();
    const r = await e.run(['health', '--json', 'a', 'b']);
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc).toMatchObject({
      schema: 'shepherd.health/v1',
      probe: 'completion',
      require: 'all',
    });
    expect(Date.parse(doc.checked_at)).not.toBeNaN();
    expect(doc.models).toHaveLength(2);
    const m = byModel(doc);
    expect(m.a).toMatchObject({ status: 'up', http_status: 200, class: null, message: null });
    expect(Object.keys(m.a)).toEqual(
      expect.arrayContaining([
        'model',
        'status',
        'latency_ms',
        'http_status',
        'class',
        'message',
        'cost_usd',
      ]),
    );
    expect(m.a.cost_usd).toBeGreaterThan(0);
    expect(m.b.cost_usd).toBeGreaterThan(m.a.cost_usd); // b is dearer per token
    expect(doc.cost_usd).toBeCloseTo(m.a.cost_usd + m.b.cost_usd, 9);
  });

  it('a slow model is degraded (--max-latency), still counts as answered for --require', async () => {
    // Wide apart: a (1 ms) must stay under the limit even when a busy machine adds 100s of ms.
    const e = await env({ b: { ttftMs: 600 } });
    const r = await e.run(['health', '--json', '--max-latency', '400ms']);
    expect(r.code).toBe(0);
    const m = byModel(json(r.stdout));
    expect(m.a.status).toBe('up');
    expect(m.b).toMatchObject({ status: 'degraded', class: null });
    expect(m.b.latency_ms).toBeGreaterThan(400);
    expect(m.b.message).toMatch(/> 400 ms/);
  });

  it('a failing model is down with its class and HTTP status; --require decides the exit code', async () => {
    const e = await env({ a: down503 });
    const all = await e.run(['health']);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^a\s+down\s+\d+\s+503\s+server_error/m);
    expect(all.stderr).toMatch(/--require all not met: 1 of 3 models down \(a\)/);
    expect((await e.run(['health', '--require', 'any'])).code).toBe(0);
    expect((await e.run(['health', '--require', '2'])).code).toBe(0);
    expect((await e.run(['health', '--require', '3'])).code).toBe(1);
    const tooMany = await e.run(['health', '--require', '4']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/only 3 models/);
    expect((await e.run(['health', '--require', 'most'])).code).toBe(2);
  });

  it('every model down: --require any is not met (exit 1, whatever the reason)', async () => {
    const e = await env({
      a: down503,
      b: { faults: [{ type: 'reset', probability: 1 }] },
      c: down503,
    });
    const r = await e.run(['health', '--json', '--require', 'any']);
    expect(r.code).toBe(1);
    const m = byModel(json(r.stdout));
    expect(m.b).toMatchObject({ status: 'down', class: 'network', http_status: null });
  });

  it('a request the gateway rejects is down with its class, never up', async () => {
    const e = await env({
      a: { faults: [{ type: 'content_filter', probability: 1 }] },
      b: { faults: [{ type: 'not_found', probability: 1 }] },
      c: { faults: [{ type: 'rate_limited', probability: 1, retryAfter: 1 }] },
    });
    const r = await e.run(['health', '--json']);
    expect(r.code).toBe(1);
    const m = byModel(json(r.stdout));
    expect(m.a).toMatchObject({ status: 'down', class: 'content_filter', http_status: 400 });
    expect(m.b).toMatchObject({ status: 'down', class: 'not_found', http_status: 404 });
    expect(m.c).toMatchObject({ status: 'down', class: 'rate_limited', http_status: 429 });
    expect(m.a.cost_usd).toBe(0); // failed probes are not billed
    // one attempt each: a probe never retries
    expect(e.count('c')).toBe(1);
  });

  it('--timeout bounds a probe that never answers', async () => {
    const e = await env({ a: { faults: [{ type: 'no_answer', probability: 1 }] } });
    const t0 = Date.now();
    const r = await e.run(['health', '--json', '--timeout', '300ms', 'a']);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.code).toBe(1);
    expect(byModel(json(r.stdout)).a).toMatchObject({ status: 'down', class: 'timeout' });
  });

  it('Ctrl-C prints what it has and exits 130; cancelled probes feed no state', async () => {
    const e = await env({ b: { faults: [{ type: 'no_answer', probability: 1 }] } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const r = await e.run(['health', '--json'], { signal: controller.signal });
    expect(r.code).toBe(130);
    const m = byModel(json(r.stdout));
    expect(m.a.status).toBe('up');
    expect(m.b).toMatchObject({ status: 'down', cancelled: true, class: null });
    const state = json(readFileSync(join(e.home, '.state/shepherd/health.json'), 'utf8'));
    expect(state.models[`${e.sim.url} a`].health.status).toBe('up');
    expect(state.models[`${e.sim.url} b`]).toBeUndefined();
  });
});

describe('shepherd health: models and endpoint probes', () => {
  it('--probe models: one GET /v1/models for all models; an unlisted model is not_found', async () => {
    const e = await env();
    const r = await e.run(['health', '--probe', 'models', '--json', 'a', 'b', 'zzz']);
    expect(r.code).toBe(1);
    expect(e.sim.log.map((l) => `${l.method} ${l.path}`)).toEqual(['GET /v1/models']);
    const doc = json(r.stdout);
    expect(doc.probe).toBe('models');
    expect(doc.cost_usd).toBe(0);
    const m = byModel(doc);
    expect(m.a).toMatchObject({ status: 'up', http_status: 200, cost_usd: 0 });
    expect(m.zzz).toMatchObject({ status: 'down', class: 'not_found' });
    expect(m.zzz.message).toMatch(/not listed.*shepherd models/);
  });

  it('--probe endpoint: one GET /v1/health', async () => {
    const e = await env();
    const r = await e.run(['health', '--probe', 'endpoint']);
    expect(r.code).toBe(0);
    expect(e.sim.log.map((l) => `${l.method} ${l.path}`)).toEqual(['GET /v1/health']);
    expect(r.stdout).toMatch(/3 models: 3 up, 0 degraded, 0 down \(endpoint probe\)/);
  });

  it('--probe models against a gateway that is down: every model down with the class', async () => {
    const e = await env(
      {},
      { config: { gateways: { default: { baseUrl: 'http://127.0.0.1:9/v1' } } } },
    );
    const r = await e.run(['health', '--probe', 'models', '--json', '--timeout', '2s']);
    expect(r.code).toBe(1);
    const doc = json(r.stdout);
    expect(doc.models.map((m: any) => [m.status, m.class])).toEqual([
      ['down', 'network'],
      ['down', 'network'],
      ['down', 'network'],
    ]);
    expect(doc.models[0].message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/v1/);
  });

  it('an unknown --probe kind is a usage error', async () => {
    const e = await env();
    expect((await e.run(['health', '--probe', 'ping'])).code).toBe(2);
  });
});

describe('shepherd health: shared state', () => {
  it('a chat right after a health that saw a model down skips it without a request', async () => {
    const e = await env({ a: down503 });
    expect((await e.run(['health'])).code).toBe(1);
    const state = json(readFileSync(join(e.home, '.state/shepherd/health.json'), 'utf8'));
    expect(state.models[`${e.sim.url} a`]).toMatchObject({
      breaker: 'open',
      lastClass: 'server_error',
    });
    expect(state.models[`${e.sim.url} a`].health).toMatchObject({ status: 'down' });
    expect(state.models[`${e.sim.url} b`]).toMatchObject({
      breaker: 'closed',
      health: { status: 'up' },
    });
    e.sim.resetLog();
    const chat = await e.run(['chat', '--json', 'hi']);
    expect(chat.code).toBe(0);
    expect(json(chat.stdout).model).toBe('b');
    expect(e.count('a')).toBe(0);
  });

  it('a health that sees the model up again closes the breaker for the next chat', async () => {
    const e = await env({ a: down503 });
    await e.run(['health', 'a']);
    e.sim.setModel('a', { faults: [] });
    expect((await e.run(['health', 'a'])).code).toBe(0);
    e.sim.resetLog();
    const chat = await e.run(['chat', '--json', 'hi']);
    expect(json(chat.stdout).model).toBe('a');
  });
});

describe('shepherd health: usage errors', () => {
  it('watch-only flags without --watch, bad durations, and no base URL exit 2', async () => {
    const e = await env();
    const count = await e.run(['health', '--count', '3']);
    expect(count.code).toBe(2);
    expect(count.stderr).toMatch(/--count only works with --watch/);
    expect((await e.run(['health', '--max-latency', 'fast'])).code).toBe(2);
    expect((await e.run(['health', '--watch', '--interval', '0ms'])).code).toBe(2);
    expect(e.sim.log).toHaveLength(0);
    const none = await chatEnv({}, { config: { gateways: { default: {} } } });
    try {
      const r = await none.run(['health']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no base URL/);
      expect(existsSync(join(none.home, '.state/shepherd/health.json'))).toBe(false);
    } finally {
      await none.sim.close();
    }
  });
});
