import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import { chatBody, chatUrl, contentDeltas, send, testProfile } from './helpers.js';

const KEYS = ['sk-test.FAKEkey000000001', 'sk-test.FAKEkey000000002'];
const WRONG = 'sk-test.FAKEwrongKey999';

const open: Simulator[] = [];
async function start(options: Parameters<typeof createSimulator>[0] = {}): Promise<Simulator> {
  const sim = await createSimulator({ profile: testProfile(), ...options });
  open.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('key check', () => {
  it('answers 401 invalid_api_key without or with a wrong key, and never echoes a key', async () => {
    const sim = await start({ apiKeys: KEYS });
    const none = await send(chatUrl(sim.url), { body: chatBody('openai/gpt-4.1') });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ error: { code: 'invalid_api_key' } });
    const wrong = await send(chatUrl(sim.url), {
      body: chatBody('openai/gpt-4.1'),
      headers: { authorization: `Bearer ${WRONG}` },
    });
    expect(wrong.status).toBe(401);
    const models = await send(`${sim.url}/models`, {
      headers: { authorization: `Bearer ${WRONG}` },
    });
    expect(models.status).toBe(401);
    const ok = await send(chatUrl(sim.url), {
      body: chatBody('openai/gpt-4.1'),
      headers: { authorization: `Bearer ${KEYS[1]}` },
    });
    expect(ok.status).toBe(200);
    // Health needs no key.
    expect((await send(`${sim.url}/health`)).status).toBe(200);

    expect(sim.log.map((e) => [e.status, e.authorized, e.keyIndex])).toEqual([
      [401, false, undefined],
      [401, false, undefined],
      [401, false, undefined],
      [200, true, 1],
      [200, undefined, undefined],
    ]);
    const everything = [none.body, wrong.body, JSON.stringify(sim.log)].join('\n');
    const logOverHttp = await send(sim.url.replace(/\/v1$/, '/_sim/log'));
    for (const secret of [...KEYS, WRONG]) {
      expect(everything).not.toContain(secret);
      expect(logOverHttp.body).not.toContain(secret);
      expect(everything).not.toContain(secret.slice(-6));
    }
  });

  it('needs no key when apiKeys is not set', async () => {
    const sim = await start();
    const res = await send(chatUrl(sim.url), { body: chatBody('openai/gpt-4.1') });
    expect(res.status).toBe(200);
    expect(sim.log[0]!.authorized).toBeUndefined();
  });
});

describe('routes', () => {
  it('lists the profile models OpenAI-style and answers health', async () => {
    const sim = await start({ profile: 'default' });
    const res = await send(`${sim.url}/models`);
    const json = JSON.parse(res.body) as {
      object: string;
      data: { id: string; object: string; owned_by: string; created: number }[];
    };
    expect(json.object).toBe('list');
    expect(json.data.map((m) => m.id)).toContain('openai/gpt-4.1');
    expect(json.data.map((m) => m.id)).not.toContain('*');
    expect(json.data[0]).toMatchObject({ object: 'model', owned_by: 'openai' });
    expect(typeof json.data[0]!.created).toBe('number');
    const health = await send(`${sim.url}/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
  });

  it('answers 404 on unknown routes and 400 on a bad body', async () => {
    const sim = await start();
    const unknown = await send(`${sim.url}/embeddings`, { body: {} });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'unknown_url' } });
    expect((await send(chatUrl(sim.url))).status).toBe(404); // GET on a POST route
    const bad = await send(chatUrl(sim.url), { body: '{"model": "openai/gpt-4.1", ' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { type: 'invalid_request_error' } });
    const noMessages = await send(chatUrl(sim.url), { body: { model: 'gpt-4.1' } });
    expect(noMessages.status).toBe(400);
    const noModel = await send(chatUrl(sim.url), { body: { messages: [] } });
    expect(noModel.status).toBe(400);
  });
});

describe('model matching', () => {
  it('answers only the ids it lists: prefixed by default, plain when the profile says so', async () => {
    const sim = await start();
    const listed = JSON.parse((await send(`${sim.url}/models`)).body) as { data: { id: string }[] };
    expect(listed.data.map((m) => m.id)).toEqual(['openai/gpt-4.1', 'deepseek/r1', 'test/small']);
    const ok = await send(chatUrl(sim.url), { body: chatBody('openai/gpt-4.1') });
    expect(JSON.parse(ok.body)).toMatchObject({
      model: 'openai/gpt-4.1',
      usage: { completion_tokens: 8 },
    });
    // The other id style, another provider's prefix, a name nothing lists: 404 as a real
    // gateway answers, even with a * profile (only the template of models added at run time).
    for (const model of ['gpt-4.1', 'azure/gpt-4.1', 'acme/unknown-9']) {
      const res = await send(chatUrl(sim.url), { body: chatBody(model) });
      expect(res.status, model).toBe(404);
      expect(JSON.parse(res.body), model).toMatchObject({
        error: { code: 'model_not_found', type: 'invalid_request_error' },
      });
      expect(JSON.parse(res.body).error.message).toContain(model);
    }

    const plain = await start({ profile: { ...testProfile(), idStyle: 'plain' } });
    const plainList = JSON.parse((await send(`${plain.url}/models`)).body) as {
      data: { id: string }[];
    };
    expect(plainList.data.map((m) => m.id)).toEqual(['gpt-4.1', 'r1', 'small']);
    const answered = await send(chatUrl(plain.url), { body: chatBody('gpt-4.1') });
    expect(JSON.parse(answered.body)).toMatchObject({ model: 'gpt-4.1' });
    expect((await send(chatUrl(plain.url), { body: chatBody('openai/gpt-4.1') })).status).toBe(404);
  });

  it('answers 404 model_not_found for an unknown model when there is no * profile', async () => {
    const profile = testProfile();
    delete profile['*'];
    const sim = await start({ profile });
    const res = await send(chatUrl(sim.url), { body: chatBody('nope') });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({
      error: { code: 'model_not_found', type: 'invalid_request_error' },
    });
    expect(JSON.parse(res.body).error.message).toContain('nope');
  });
});

describe('determinism', () => {
  it('gives the same texts and latencies for the same seed and request order', async () => {
    const run = async (seed: number): Promise<unknown[]> => {
      const sim = await createSimulator({ profile: 'default', seed });
      try {
        for (const model of ['gpt-4.1', 'claude-haiku-4.5', 'gemini-2.5-flash']) {
          sim.setModel(model, { ttftMs: { fixed: 0 }, itlMs: 0 });
        }
        const out: unknown[] = [];
        for (const model of [
          'openai/gpt-4.1',
          'anthropic/claude-haiku-4.5',
          'google/gemini-2.5-flash',
        ]) {
          const res = await send(chatUrl(sim.url), { body: chatBody(model, { stream: true }) });
          out.push(contentDeltas(res.body).join(''));
        }
        return [...out, sim.log.map((e) => e.outputTokens)];
      } finally {
        await sim.close();
      }
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect(await run(43)).not.toEqual(a);
  });

  it('draws the same planned TTFTs from a lognormal for the same seed', async () => {
    const ttfts = async (seed: number): Promise<(number | undefined)[]> => {
      const sim = await createSimulator({
        seed,
        profile: {
          name: 'x',
          models: { m: { ttftMs: { lognormal: { p50: 3, p99: 9 } }, outputTokens: 1 } },
        },
      });
      try {
        for (let i = 0; i < 5; i++) await send(chatUrl(sim.url), { body: chatBody('m') });
        return sim.log.map((e) => e.ttftMs);
      } finally {
        await sim.close();
      }
    };
    const a = await ttfts(3);
    expect(await ttfts(3)).toEqual(a);
  });
});

describe('close', () => {
  it('destroys hung sockets (a request that never gets an answer ends at once)', async () => {
    const sim = await createSimulator({ profile: testProfile() });
    sim.setModel('gpt-4.1', { faults: [{ type: 'no_answer', probability: 1 }] });
    const pending = send(chatUrl(sim.url), { body: chatBody('openai/gpt-4.1'), timeoutMs: 5000 });
    const stalled = send(chatUrl(sim.url), {
      body: chatBody('openai/gpt-4.1', { stream: true }),
      timeoutMs: 5000,
    });
    for (let i = 0; i < 50 && sim.log.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    await sim.close();
    const [a, b] = await Promise.all([pending, stalled]);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(a.error).toBeDefined();
    expect(a.error).not.toBe('timeout');
    expect(b.error).not.toBe('timeout');
    // Nothing listens any more.
    expect((await send(`${sim.url}/health`, { timeoutMs: 1000 })).error).toBe('ECONNREFUSED');
  });
});
