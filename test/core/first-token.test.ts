import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS } from '../../src/config/load.js';
import { tryParseDuration } from '../../src/config/duration.js';
import type { Settings } from '../../src/config/types.js';
import { ShepherdClient } from '../../src/core/client.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { firstTokenBudget } from '../../src/core/first-token-budget.js';
import type { ChatRequest } from '../../src/core/request.js';
import { scriptedServer, sse } from '../helpers/scripted-server.js';
import { testSettings } from '../helpers/settings.js';

/**
 * The first-token timeout under an injected clock: only setTimeout/clearTimeout are faked
 * (the client's timers), so the loopback HTTP exchange runs for real while 10 s pass at once.
 */
const REQ: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], stream: true };
const DEFAULT_FIRST_TOKEN = tryParseDuration(DEFAULTS.timeouts.firstToken) as number;

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanup.splice(0)) await c();
});

/** Yields to I/O until `cond` holds (no timers: they are faked). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 20_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
}

async function setup(scripts: Parameters<typeof scriptedServer>[0], clock?: Clock) {
  const server = await scriptedServer(scripts);
  const client = new ShepherdClient({
    ...(clock ? { clock } : {}),
    settings: testSettings(server.url, {
      timeouts: {
        firstTokenMs: DEFAULT_FIRST_TOKEN,
        idleMs: 10_000,
        attemptMs: 60_000,
        deadlineMs: 120_000,
      },
    }),
    stateStore: null,
  });
  cleanup.push(
    () => server.close(),
    () => client.close(),
  );
  const chain = ['a', 'b'].map((n) => (client.settings as Settings).models[n]!);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  return { server, client, chain };
}

describe('timeouts.firstToken (default 10 s), counted to the first content or reasoning delta', () => {
  it('is 10 s by default', () => {
    expect(DEFAULT_FIRST_TOKEN).toBe(10_000);
  });

  it('a model that accepts the request and never streams fails over at 10 s, not before', async () => {
    let silentRes: ServerResponse | undefined;
    const { server, client, chain } = await setup({
      a: [
        (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk({ role: 'assistant', content: '' })); // a role chunk is not a token
          silentRes = res;
        },
      ],
      b: [sse(['B'])],
    });
    const done = client.complete(chain, REQ);
    await until(() => silentRes !== undefined);
    await vi.advanceTimersByTimeAsync(9_990);
    expect(server.count('b')).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    const r = await done;
    expect(r.final!.model).toBe('b');
    expect(r.attempts[0]).toMatchObject({ outcome: 'timeout' });
    expect(r.attempts[0]!.message).toMatch(/no first token from a within 10000 ms/);
  });

  it('a reasoning stream is not cut at 10 s: reasoning deltas count as first output', async () => {
    let res: ServerResponse | undefined;
    const { client, chain, server } = await setup({
      a: [
        (_req, r) => {
          r.writeHead(200, { 'content-type': 'text/event-stream' });
          r.write(chunk({ role: 'assistant', content: '' }));
          res = r;
        },
      ],
      b: [sse(['B'])],
    });
    let thoughts = 0;
    const done = client.complete(chain, REQ, { onReasoning: () => thoughts++ });
    await until(() => res !== undefined);
    await vi.advanceTimersByTimeAsync(2_000);
    res!.write(chunk({ reasoning_content: 'thinking…' }));
    await until(() => thoughts === 1);
    // Thinks for another 14 s (past 10 s from the start) in steps under the idle timeout.
    for (let i = 2; i <= 3; i++) {
      await vi.advanceTimersByTimeAsync(7_000);
      res!.write(chunk({ reasoning_content: ' more' }));
      await until(() => thoughts === i);
    }
    res!.write(chunk({ content: 'answer' }));
    res!.write(chunk({}, 'stop'));
    res!.end('data: [DONE]\n\n');
    const r = await done;
    expect(r.ok).toBe(true);
    expect(r.final!.model).toBe('a');
    expect(r.final!.content).toBe('answer');
    expect(server.count('b')).toBe(0);
  });

  it('--deadline shortens every attempt’s first-token wait: a silent first model gets its share', async () => {
    let silentSeen = 0;
    // The chain's clock stands still: the share is of the 8 s deadline exactly, not of what
    // is left after the real milliseconds a busy machine takes to start the first attempt.
    const still: Clock = { ...systemClock, now: () => 0 };
    const { client, chain } = await setup(
      {
        a: [
          (_req, res) => {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            silentSeen++;
          },
        ],
        b: [sse(['B'])],
      },
      still,
    );
    const done = client.complete(chain, REQ, { deadlineMs: 8_000 });
    await until(() => silentSeen === 1);
    await vi.advanceTimersByTimeAsync(4_000); // 8 s over 2 models: 4 s each at most
    const r = await done;
    expect(r.final!.model).toBe('b');
    expect(r.attempts[0]!.message).toMatch(/no first token from a within 4000 ms/);
  });
});

describe('firstTokenBudget', () => {
  it('is the setting while the deadline is far, else the equal share of the models left', () => {
    const f = { firstTokenMs: 10_000, now: 0 };
    expect(firstTokenBudget({ ...f, deadlineAt: 120_000, modelsLeft: 4 })).toBe(10_000);
    expect(firstTokenBudget({ ...f, deadlineAt: 15_000, modelsLeft: 2 })).toBe(7_500);
    expect(firstTokenBudget({ ...f, deadlineAt: 6_000, modelsLeft: 1 })).toBe(6_000);
    expect(firstTokenBudget({ ...f, deadlineAt: 0, modelsLeft: 3 })).toBe(1);
  });
});
