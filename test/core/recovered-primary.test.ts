import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/types.js';
import { ShepherdClient } from '../../src/core/client.js';
import type { ChatRequest } from '../../src/core/request.js';
import { scriptedServer, sse, status } from '../helpers/scripted-server.js';
import { testSettings } from '../helpers/settings.js';
import { VirtualClock } from '../helpers/virtual-clock.js';

const REQ: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], stream: true };
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('a primary that recovers 6 s after its circuit opened', () => {
  it('is used again within the next cooldown (5 s probe fails, the 10 s one succeeds)', async () => {
    let down = true;
    const up = sse(['A']);
    const unavailable = status(503);
    const server = await scriptedServer({
      a: [
        (req: IncomingMessage, res: ServerResponse, seen) =>
          (down ? unavailable : up)(req, res, seen),
      ],
      b: [sse(['B'])],
    });
    const clock = new VirtualClock();
    const client = new ShepherdClient({
      settings: testSettings(server.url, {
        retry: { attempts: 1 },
        breaker: { failures: 3, cooldownMs: 5_000, maxCooldownMs: 60_000 },
      }),
      clock,
      stateStore: null,
    });
    cleanup.push(
      () => server.close(),
      () => client.close(),
    );
    const chain = ['a', 'b'].map((n) => (client.settings as Settings).models[n]!);
    const ask = async () => (await client.complete(chain, REQ)).final!.model;

    // The outage: three failed requests open a's circuit; the fallback answers each.
    for (let i = 0; i < 3; i++) expect(await ask()).toBe('b');
    expect(client.breaker.stateOf('a')).toBe('open');
    const opened = server.count('a');
    clock.advanceWall(4_900);
    expect(await ask()).toBe('b'); // still cooling down: a not even tried
    expect(server.count('a')).toBe(opened);
    clock.advanceWall(100); // 5 s: the half-open probe, a is still down
    expect(await ask()).toBe('b');
    expect(server.count('a')).toBe(opened + 1);
    clock.advanceWall(1_000); // 6 s after opening: a recovers
    down = false;
    clock.advanceWall(8_900); // 14.9 s: the doubled cooldown (10 s) is not over yet
    expect(await ask()).toBe('b');
    expect(server.count('a')).toBe(opened + 1);
    clock.advanceWall(100); // 15 s: the next probe succeeds and closes the circuit
    expect(await ask()).toBe('a');
    expect(client.breaker.stateOf('a')).toBe('closed');
    expect(await ask()).toBe('a');
  });
});
