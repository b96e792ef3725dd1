import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { json, scriptedServer, sse, type Handler } from '../helpers/scripted-server.js';
import { fastConfig, runCli, tempHome } from '../helpers/cli-run.js';

/** A 200 JSON answer padded to `bytes` (a valid completion if it were read whole). */
function hugeJson(bytes: number): Handler {
  return (_req, res) => {
    const pad = 'x'.repeat(bytes);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        choices: [
          { index: 0, message: { role: 'assistant', content: pad }, finish_reason: 'stop' },
        ],
      }),
    );
  };
}

/** Writes 64 KB pieces until the client goes away (bounded: 2,000 pieces at most). */
function endless(contentType: string, piece: string): Handler {
  return (_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': contentType });
    let n = 0;
    const write = (): void => {
      while (!res.destroyed && n < 2000) {
        n++;
        if (!res.write(piece)) {
          res.once('drain', write);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    res.on('close', () => (n = 2000));
    write();
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((c) => c()));
});

async function gateway(a: Handler, models?: Handler) {
  const server = await scriptedServer({
    a: [a],
    b: [json('fine from b')],
    ...(models ? { '/v1/models': [models] } : {}),
  });
  closers.push(() => server.close());
  return server;
}

const SMALL = { limits: { maxResponseBody: '64KB' } };

describe('response bodies are capped (issue 17 item 3)', () => {
  it('an oversize non-stream answer is bad_response with its size, and the chain fails over', async () => {
    const server = await gateway(hugeJson(200_000));
    const home = tempHome(fastConfig(server.url, SMALL));
    const r = await runCli(home, ['chat', '--no-stream', '--json', 'hello']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      content: string;
      attempts: { model: string; outcome: string }[];
    };
    expect(doc.content).toBe('fine from b');
    expect(doc.attempts.map((a) => [a.model, a.outcome])).toEqual([
      ['a', 'bad_response'],
      ['b', 'ok'],
    ]);
    const alone = await runCli(home, ['chat', '--no-stream', '--json', '-m', 'a', 'hello']);
    expect(alone.code).toBe(4);
    const error = (JSON.parse(alone.stdout) as { error: { class: string; message: string } }).error;
    expect(error.class).toBe('bad_response');
    expect(error.message).toMatch(/sent more than 64 KB \(\d+(\.\d)? KB received/);
  });

  it('a stream request answered as application/json is capped the same way', async () => {
    const server = await gateway(hugeJson(200_000));
    const home = tempHome(fastConfig(server.url, SMALL));
    const r = await runCli(home, ['chat', '-m', 'a', 'hello']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/a's answer sent more than 64 KB/);
  });

  it('an endless body (JSON, or a stream with no event end) stops at the cap, not at the timeout', async () => {
    for (const [type, piece] of [
      ['application/json', '['.repeat(65_536)],
      ['text/event-stream', `data: ${'y'.repeat(65_530)}`],
    ] as const) {
      const server = await gateway(endless(type, piece));
      const home = tempHome(fastConfig(server.url, SMALL));
      const started = Date.now();
      const r = await runCli(home, ['chat', '-m', 'a', 'hello']);
      expect(r.code, type).toBe(4);
      expect(r.stderr, type).toMatch(/sent more than (64|256) KB/);
      expect(Date.now() - started, type).toBeLessThan(2500);
    }
  });

  it('a stream of ordinary events stops at four times the cap', async () => {
    const tokens = Array.from({ length: 3000 }, () => 'word '.repeat(40));
    const server = await gateway(sse(tokens));
    const home = tempHome(fastConfig(server.url, SMALL));
    const r = await runCli(home, ['chat', '--json', '-m', 'a', 'hello']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/a's stream sent more than 256 KB/);
  });

  it('an oversize model list: models and health --probe models say bad_response', async () => {
    const list = {
      data: Array.from({ length: 5000 }, (_, i) => ({ id: `model-${i}-${'z'.repeat(20)}` })),
    };
    const server = await gateway(json('unused'), (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(list));
    });
    const home = tempHome(fastConfig(server.url, SMALL));
    const models = await runCli(home, ['models']);
    expect(models.code).toBe(4);
    expect(models.stderr).toMatch(/GET \/models sent more than 64 KB/);
    const health = await runCli(home, ['health', '--json', '--probe', 'models', 'a']);
    expect(health.stdout).toContain('bad_response');
    expect(health.stdout).toMatch(/sent more than 64 KB/);
  });

  it('the default limit is 16 MB and shows in config', async () => {
    const server = await gateway(hugeJson(17 * 1024 * 1024));
    const home = tempHome(fastConfig(server.url));
    const r = await runCli(home, ['chat', '--no-stream', '-m', 'a', 'hello']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/sent more than 16 MB/);
    const config = await runCli(home, ['config']);
    expect(config.stdout).toMatch(/limits\.maxResponseBody\s+16 MB\s+default/);
  });
});
