import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { boundedSignal } from '../../src/core/bounded-signal.js';
import { checkGateway } from '../../src/health/probe-gateway.js';
import { ShepherdClient } from '../../src/core/client.js';
import { scriptedServer } from '../helpers/scripted-server.js';
import { testSettings } from '../helpers/settings.js';

describe('a per-request signal releases what it holds (item 11)', () => {
  it('aborts on the parent or on time, and dispose() leaves nothing on the parent', async () => {
    const parent = new AbortController();
    const a = boundedSignal(parent.signal, 60_000);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
    a.dispose();
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);

    const b = boundedSignal(parent.signal, 60_000);
    parent.abort();
    expect(b.signal.aborted).toBe(true);
    expect(b.timedOut).toBe(false);
    b.dispose();

    const c = boundedSignal(new AbortController().signal, 5);
    await new Promise((r) => c.signal.addEventListener('abort', r, { once: true }));
    expect(c.timedOut).toBe(true);
    c.dispose();
  });

  it('two hundred model-list checks leave no listener on the long-lived watch signal', async () => {
    const server = await scriptedServer({
      '/v1/models': [
        (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"data":[{"id":"a"}]}');
        },
      ],
    });
    const client = new ShepherdClient({ settings: testSettings(server.url), stateStore: null });
    const watch = new AbortController();
    try {
      for (let i = 0; i < 200; i++) {
        const check = await checkGateway(client, 'default', 'models', {
          timeoutMs: 60_000,
          signal: watch.signal,
        });
        expect(check.failure).toBeUndefined();
      }
      expect(getEventListeners(watch.signal, 'abort')).toHaveLength(0);
    } finally {
      await client.close();
      await server.close();
    }
  }, 30_000);
});
