import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChatEnv } from '../helpers/chat-env.js';
import { shepherd } from '../helpers/spawn-shepherd.js';

const env = useChatEnv();

describe('the half-open probe across separate chat processes', () => {
  it('a run that starts while another run probes the open model skips it and fails over', async () => {
    // `a` answers slowly (within the timeouts), so its probe is still in flight when the
    // second run starts; the second run starts only once the probe has reached the server.
    const e = await env(
      { a: { ttftMs: 5000 } },
      {
        config: {
          timeouts: {
            connect: '1s',
            firstToken: '8s',
            idle: '8s',
            attempt: '10s',
            deadline: '20s',
          },
        },
      },
    );
    // A breaker that opened a minute ago (cooldown 30 s): the next run may probe.
    const now = Date.now();
    const stateFile = join(e.home, '.state', 'shepherd', 'health.json');
    mkdirSync(join(e.home, '.state', 'shepherd'), { recursive: true });
    writeFileSync(
      stateFile,
      JSON.stringify({
        version: 1,
        // Keyed by gateway base URL and model.
        models: {
          [`${e.sim.url} a`]: {
            failures: 3,
            breaker: 'open',
            openedAt: now - 60_000,
            lastClass: 'server_error',
            updatedAt: now - 60_000,
          },
        },
      }),
    );
    const opts = { home: e.home, env: e.env, timeoutMs: 25_000 };
    const first = shepherd(['chat', '--no-log', 'hi'], opts);
    for (let i = 0; i < 200 && e.count('a') === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(e.count('a')).toBe(1);
    const r2 = await shepherd(['chat', '--no-log', 'hi'], opts);
    const r1 = await first;
    expect([r1.code, r2.code]).toEqual([0, 0]);
    // Exactly one request reached the open model; the other run went to b at once.
    expect(e.count('a')).toBe(1);
    expect(e.count('b')).toBe(1);
    expect(
      [r1.stderr, r2.stderr].filter((s) => /a skipped.*another run is probing it now/.test(s)),
    ).toHaveLength(1);
  });
});
