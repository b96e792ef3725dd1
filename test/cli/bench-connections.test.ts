import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listenLoopback } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/cli-run.js';

/**
 * A closed loop of N workers holds N connections to the gateway, not more: undici's pool,
 * left without a limit, opened a new connection whenever the one that just answered still
 * counted as busy (a loop of 16 held 32).
 */
async function countingServer(): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const body = JSON.stringify({
    id: 'x',
    object: 'chat.completion',
    created: 0,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"object":"list","data":[{"id":"m","object":"model"}]}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => (connections += 1));
  const port = await listenLoopback(server);
  return { url: `http://127.0.0.1:${port}/v1`, connections: () => connections };
}

describe('bench connections', () => {
  it.each([1, 4])('-c %d: at most that many connections for the whole run', async (c) => {
    const gw = await countingServer();
    const r = await runCli(tempHome(), [
      'bench',
      '--base-url',
      gw.url,
      '-m',
      'm',
      '-c',
      String(c),
      '-n',
      '300',
      '--no-stream',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).targets[0].ok).toBe(300);
    expect(gw.connections()).toBeGreaterThanOrEqual(1);
    expect(gw.connections()).toBeLessThanOrEqual(c);
  });
});
