import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { scriptedServer, sse, type Seen } from '../helpers/scripted-server.js';
import { fastConfig, runCli, tempHome } from '../helpers/cli-run.js';

const KEY_1 = 'sk-FAKE-watch-key-0001';
const KEY_2 = 'sk-FAKE-watch-key-0002';

/** 401 for the first `n` requests, then a normal stream; every request's key recorded. */
function brief401(n: number, keys: (string | undefined)[]) {
  let seen = 0;
  const ok = sse(['ok']);
  return (req: IncomingMessage, res: ServerResponse, entry: Seen) => {
    keys.push(req.headers.authorization?.replace(/^Bearer /, ''));
    if (seen++ < n) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'try later', code: 'invalid_api_key' } }));
      return;
    }
    void ok(req, res, entry);
  };
}

describe('a brief 401 during health --watch (item 7)', () => {
  it('with one key: every probe still carries it, and the model recovers', async () => {
    const keys: (string | undefined)[] = [];
    const server = await scriptedServer({ a: [brief401(2, keys)] });
    try {
      const home = tempHome(fastConfig(server.url));
      const r = await runCli(
        home,
        [
          'health',
          '--watch',
          '--count',
          '5',
          '--interval',
          '5ms',
          '--alert-after',
          '1',
          '--recover-after',
          '1',
          'a',
        ],
        { SHEPHERD_API_KEY: KEY_1 },
      );
      expect(keys.length).toBeGreaterThanOrEqual(5);
      expect(keys.every((k) => k === KEY_1)).toBe(true);
      expect(r.stdout + r.stderr).not.toMatch(/no API key was set/);
      expect(r.stdout + r.stderr).toMatch(/RECOVERED/);
      expect(r.code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('with two keys: the key set aside comes back after the cooldown', async () => {
    const keys: (string | undefined)[] = [];
    const server = await scriptedServer({ a: [brief401(1, keys)] });
    try {
      const home = tempHome(fastConfig(server.url, { breaker: { cooldown: '20ms' } }));
      const r = await runCli(
        home,
        ['health', '--watch', '--count', '6', '--interval', '15ms', 'a'],
        { SHEPHERD_API_KEYS: `${KEY_1},${KEY_2}` },
      );
      expect(r.code).toBe(0);
      expect(keys[0]).toBe(KEY_1); // 401: set aside
      expect(keys[1]).toBe(KEY_2); // at once with the other key
      // Later rounds use KEY_1 again once its cooldown has passed.
      expect(keys.slice(2)).toContain(KEY_1);
      expect(keys.every((k) => k !== undefined)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
