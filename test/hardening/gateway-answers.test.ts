import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/types.js';
import { ShepherdClient } from '../../src/core/client.js';
import type { ChatRequest } from '../../src/core/request.js';
import { json, scriptedServer, type Handler } from '../helpers/scripted-server.js';
import { testSettings } from '../helpers/settings.js';
import { VirtualClock } from '../helpers/virtual-clock.js';
import { tempHome, fastConfig, runCli } from '../helpers/cli-run.js';

// Issue 17 items 14, 15, 16: redirects, SSE keep-alive comments, a `null` body.

const STREAM: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], stream: true };
const PLAIN: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], stream: false };
const KEY = 'sk-test.REDIRECTKEYREDIRECTKEY01';

type Server = Awaited<ReturnType<typeof scriptedServer>>;
let server: Server | undefined;
let client: ShepherdClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(
  scripts: Record<string, Handler[]>,
  options: Parameters<typeof testSettings>[1] = {},
): Promise<{ s: Server; c: ShepherdClient }> {
  server = await scriptedServer(scripts);
  client = new ShepherdClient({
    settings: testSettings(server.url, { retry: { attempts: 1 }, ...options }),
    clock: new VirtualClock(),
    random: () => 0.5,
    stateStore: null,
  });
  return { s: server, c: client };
}

const chainOf = (c: ShepherdClient, ...names: string[]) =>
  names.map((n) => (c.settings as Settings).models[n]!);

const redirect =
  (code: number, location: string): Handler =>
  (_req, res) => {
    res.writeHead(code, { location, 'content-type': 'text/html' });
    res.end('<html>moved</html>');
  };

describe('a redirect (item 14)', () => {
  for (const code of [302, 307]) {
    it(`${code} is not_found naming the Location; it fails over and is never followed`, async () => {
      const { s, c } = await setup(
        { a: [redirect(code, '/elsewhere/v1/chat/completions')], b: [json('from b')] },
        { keys: [KEY] },
      );
      const r = await c.complete(chainOf(c, 'a', 'b'), PLAIN);
      expect(r.ok).toBe(true);
      expect(r.final?.model).toBe('b');
      const first = r.attempts[0]!;
      expect(first.outcome).toBe('not_found');
      expect(first.httpStatus).toBe(code);
      const target = `${new URL(s.url).origin}/elsewhere/v1/chat/completions`;
      expect(first.message).toContain(`redirects to ${target}`);
      expect(first.message).toContain('base URL');
      // Never followed: the server saw exactly one request for a, and none to the target.
      expect(s.seen.filter((x) => x.path.startsWith('/elsewhere'))).toHaveLength(0);
      expect(s.count('a')).toBe(1);
    });
  }

  it('chat exits 4 (not 5) with the target on stderr and never forwards the key', async () => {
    const toSelf: Handler = (req, res) => {
      res.writeHead(302, {
        location: `http://${req.headers.host}/elsewhere/v1/chat/completions?token=abc`,
      });
      res.end();
    };
    server = await scriptedServer({ '*': [toSelf] });
    const home = tempHome(fastConfig(server.url));
    const r = await runCli(home, ['chat', 'hi'], { SHEPHERD_API_KEY: KEY });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      `redirects to ${new URL(server.url).origin}/elsewhere/v1/chat/completions?token=`,
    );
    expect(r.stderr).not.toContain('token=abc'); // a credential-like query value is hidden
    expect(r.stderr).not.toContain(KEY);
    // Never followed: the key never went to the redirect target, nor did any request.
    expect(server.seen.map((x) => x.path)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
    ]);
  });

  it('models and health --probe models name the redirect target too', async () => {
    server = await scriptedServer({
      '/v1/models': [redirect(301, 'https://gw.example/v1/models')],
    });
    const home = tempHome(fastConfig(server.url));
    const models = await runCli(home, ['models']);
    expect(models.code).toBe(4);
    expect(models.stderr).toContain('HTTP 301: redirects to https://gw.example/v1/models');
    const health = await runCli(home, ['health', '--probe', 'models', '--json']);
    const doc = JSON.parse(health.stdout) as { models: { message?: string }[] };
    expect(doc.models[0]?.message).toContain('redirects to https://gw.example/v1/models');
    expect(doc.models[0]?.message).not.toContain('should end at /v1');
  });
});

describe('SSE comment lines after the first token (item 15)', () => {
  it('a stream that only pings after its first token is a stall (idle timeout)', async () => {
    const pings: Handler = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] })}\n\n`,
      );
      // Bounded: at most 100 pings, 30 ms apart (3 s), far beyond the 200 ms idle timeout.
      for (let i = 0; i < 100 && !res.destroyed; i++) {
        await new Promise((r) => setTimeout(r, 30));
        if (!res.destroyed) res.write(': ping\n\n');
      }
      res.end();
    };
    const { c } = await setup(
      { a: [pings] },
      { timeouts: { idleMs: 200, firstTokenMs: 1000, attemptMs: 8000 } },
    );
    const started = performance.now();
    const r = await c.complete(chainOf(c, 'a'), STREAM);
    const took = performance.now() - started;
    expect(r.ok).toBe(false);
    expect(r.attempts[0]?.outcome).toBe('timeout');
    expect(r.attempts[0]?.message).toContain('stalled');
    expect(took).toBeLessThan(2500);
  });

  it('data events keep a slow stream alive', async () => {
    const slow: Handler = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const t of ['a', 'b', 'c', 'd', 'e', 'f']) {
        res.write(': ping\n\n');
        await new Promise((r) => setTimeout(r, 60));
        res.write(
          `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: t }, finish_reason: null }] })}\n\n`,
        );
      }
      res.write(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    };
    const { c } = await setup({ a: [slow] }, { timeouts: { idleMs: 200, attemptMs: 8000 } });
    const r = await c.complete(chainOf(c, 'a'), STREAM);
    expect(r.ok).toBe(true);
    expect(r.final?.content).toBe('abcdef');
  });
});

describe('a 200 whose body is JSON but not an object (item 16)', () => {
  for (const body of ['null', '42', '"text"', '[1,2]']) {
    it(`${body} is bad_response "invalid JSON" and fails over`, async () => {
      const raw: Handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      };
      const { c } = await setup({ a: [raw], b: [json('from b')] });
      const r = await c.complete(chainOf(c, 'a', 'b'), PLAIN);
      expect(r.ok).toBe(true);
      expect(r.attempts[0]?.outcome).toBe('bad_response');
      expect(r.attempts[0]?.message).toContain('invalid JSON');
      expect(r.attempts[0]?.message).not.toContain('Cannot read');
    });
  }
});
