import { createServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  brotliCompressSync,
  deflateRawSync,
  deflateSync,
  gzipSync,
  createGzip,
  constants,
} from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/types.js';
import { ShepherdClient } from '../../src/core/client.js';
import type { ChatRequest } from '../../src/core/request.js';
import { json, scriptedServer, type Handler } from '../helpers/scripted-server.js';
import { testSettings } from '../helpers/settings.js';
import { VirtualClock } from '../helpers/virtual-clock.js';
import { tempHome, fastConfig, runCli } from '../helpers/cli-run.js';

// Issue 17 item 19: compressed answers nobody asked for are decoded, a `100 Continue` is a
// clear bad_response that fails over, and binary is never printed.

const PLAIN: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], stream: false };
const STREAM: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], stream: true };
const ANSWER = JSON.stringify({
  choices: [
    { index: 0, message: { role: 'assistant', content: 'decoded' }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});

type Scripted = Awaited<ReturnType<typeof scriptedServer>>;
let server: Scripted | undefined;
let client: ShepherdClient | undefined;
let raw: NetServer | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  await client?.close();
  await server?.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => (raw ? raw.close(() => r()) : r()));
  client = undefined;
  server = undefined;
  raw = undefined;
});

function clientFor(url: string, models = ['a', 'b']): ShepherdClient {
  client = new ShepherdClient({
    settings: testSettings(url, {
      models: models.map((name) => ({ name })),
      retry: { attempts: 1 },
    }),
    clock: new VirtualClock(),
    random: () => 0.5,
    stateStore: null,
  });
  return client;
}
const chainOf = (c: ShepherdClient, ...names: string[]) =>
  names.map((n) => (c.settings as Settings).models[n]!);

const compressed =
  (coding: string, body: Buffer, status = 200): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-encoding': coding });
    res.end(body);
  };

describe('compressed answers (item 19)', () => {
  const cases: [string, Buffer][] = [
    ['gzip', gzipSync(ANSWER)],
    ['br', brotliCompressSync(ANSWER)],
    ['deflate', deflateSync(ANSWER)],
    ['deflate', deflateRawSync(ANSWER)], // raw deflate, as some servers send it
  ];
  for (const [coding, body] of cases) {
    it(`a ${coding} completion is decoded (${body[0]?.toString(16)}…)`, async () => {
      server = await scriptedServer({ a: [compressed(coding, body)] });
      const c = clientFor(server.url);
      const r = await c.complete(chainOf(c, 'a'), PLAIN);
      expect(r.ok).toBe(true);
      expect(r.final?.content).toBe('decoded');
      expect(r.final?.usage?.completion_tokens).toBe(1);
    });
  }

  it('a gzip stream is decoded as it arrives (tokens before the end)', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    server = await scriptedServer({
      a: [
        async (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
          const gz = createGzip({ flush: constants.Z_SYNC_FLUSH });
          gz.pipe(res);
          const chunk = (delta: object, finish: string | null = null) =>
            `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
          gz.write(chunk({ content: 'Hel' }));
          await gate; // the first token must arrive before the rest is sent
          gz.write(chunk({ content: 'lo' }));
          gz.write(chunk({}, 'stop'));
          gz.end('data: [DONE]\n\n');
        },
      ],
    });
    const c = clientFor(server.url);
    const tokens: string[] = [];
    const r = await c.complete(chainOf(c, 'a'), STREAM, {
      onToken: (t) => {
        tokens.push(t);
        release();
      },
    });
    expect(r.ok).toBe(true);
    expect(tokens).toEqual(['Hel', 'lo']);
  });

  it('a gzip error body is decoded and its message shown', async () => {
    server = await scriptedServer({
      a: [
        compressed(
          'gzip',
          gzipSync(JSON.stringify({ error: { message: 'upstream melted' } })),
          503,
        ),
      ],
      b: [json('from b')],
    });
    const c = clientFor(server.url);
    const r = await c.complete(chainOf(c, 'a', 'b'), PLAIN);
    expect(r.final?.model).toBe('b');
    expect(r.attempts[0]?.outcome).toBe('server_error');
    expect(r.attempts[0]?.message).toContain('upstream melted');
  });

  it('an unknown coding or a corrupt body is bad_response and fails over, no bytes shown', async () => {
    server = await scriptedServer({
      a: [compressed('zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 1, 2, 3]))],
      b: [
        compressed(
          'gzip',
          Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xfe]),
        ),
      ],
      c: [json('from c')],
    });
    const c = clientFor(server.url, ['a', 'b', 'c']);
    const r = await c.complete(chainOf(c, 'a', 'b', 'c'), PLAIN);
    expect(r.final?.model).toBe('c');
    expect(r.attempts.map((a) => a.outcome)).toEqual(['bad_response', 'bad_response', 'ok']);
    expect(r.attempts[0]?.message).toContain("'zstd'");
    expect(r.attempts[1]?.message).toContain('does not decode');
    for (const a of r.attempts) expect(a.message ?? '').not.toMatch(/[\u0000-\u0008\ufffd]/);
  });

  it('a binary error body is described, never printed (chat stderr)', async () => {
    const bytes = Buffer.concat([Buffer.from([0, 0xff, 0xfe, 7, 8]), Buffer.alloc(64, 0x01)]);
    server = await scriptedServer({
      '*': [
        (_req, res) => {
          res.writeHead(500, { 'content-type': 'application/octet-stream' });
          res.end(bytes);
        },
      ],
    });
    const home = tempHome(fastConfig(server.url));
    const r = await runCli(home, ['chat', 'hi']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`a binary body (`);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\ufffd]/);
  });
});

describe('a compressed model list (item 19)', () => {
  it('models decodes a gzip GET /models', async () => {
    const list = JSON.stringify({ data: [{ id: 'a' }, { id: 'b' }] });
    server = await scriptedServer({ '/v1/models': [compressed('gzip', gzipSync(list))] });
    const home = tempHome(fastConfig(server.url));
    const r = await runCli(home, ['models', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { models: { name: string; listed: boolean }[] };
    expect(doc.models.find((m) => m.name === 'a')?.listed).toBe(true);
  });
});

describe('an unrequested 100 Continue (item 19)', () => {
  it('is bad_response naming it, and the chain fails over', async () => {
    raw = createServer((sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.once('data', () => {
        sock.write('HTTP/1.1 100 Continue\r\n\r\n');
        sock.end(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${ANSWER.length}\r\n\r\n${ANSWER}`,
        );
      });
    });
    await new Promise<void>((r) => raw!.listen(0, '127.0.0.1', r));
    const rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`;
    server = await scriptedServer({ b: [json('from b')] });
    const settings = testSettings(rawUrl, { retry: { attempts: 1 } });
    settings.gateways.second = {
      ...settings.gateways.default!,
      name: 'second',
      baseUrl: server.url,
    };
    settings.models.b = { ...settings.models.b!, gateway: 'second' };
    client = new ShepherdClient({ settings, clock: new VirtualClock(), stateStore: null });
    const r = await client.complete([settings.models.a!, settings.models.b!], PLAIN);
    expect(r.final?.model).toBe('b');
    expect(r.attempts[0]?.outcome).toBe('bad_response');
    expect(r.attempts[0]?.message).toContain('100 Continue');
  });
});
