import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/types.js';
import { chatDocument } from '../../src/chat/chat-document.js';
import { ShepherdClient, type ChainEvent } from '../../src/core/client.js';
import type { ChatRequest } from '../../src/core/request.js';
import { scriptedServer, sse } from '../helpers/scripted-server.js';
import { testSettings } from '../helpers/settings.js';

/** Hedged requests over real loopback HTTP (small real durations: the server must see the cancel). */
const REQ: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], stream: true };

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra = {}): string =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** When the server saw each model's request end early (the client went away), in performance.now ms. */
const closedAt = new Map<string, number>();

/**
 * A stream whose first token comes after `delayMs`, then `tokens`; it notes the moment the
 * client cancels. With `usageEveryChunk`, each chunk carries the usage so far (as some gateways do).
 */
function delayed(model: string, delayMs: number, tokens: string[], usageEveryChunk = false) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.on('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) closedAt.set(model, performance.now());
    });
    let timer: NodeJS.Timeout | undefined;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const usage = (n: number) =>
      usageEveryChunk
        ? { usage: { prompt_tokens: 1000, completion_tokens: n, total_tokens: 1000 + n } }
        : {};
    res.write(chunk({ role: 'assistant', content: '' }, null, usage(0)));
    timer = setTimeout(() => {
      tokens.forEach((t, i) => res.write(chunk({ content: t }, null, usage(i + 1))));
      res.write(chunk({}, 'stop', usage(tokens.length)));
      res.end('data: [DONE]\n\n');
    }, delayMs);
  };
}

async function setup(scripts: Parameters<typeof scriptedServer>[0]) {
  closedAt.clear();
  const server = await scriptedServer(scripts);
  const settings = testSettings(server.url, {
    models: [
      { name: 'a', price: { input: 2, output: 8 } },
      { name: 'b', price: { input: 1, output: 1 } },
      { name: 'c' },
    ],
  });
  const client = new ShepherdClient({ settings, stateStore: null });
  cleanup.push(
    () => server.close(),
    () => client.close(),
  );
  const chain = ['a', 'b', 'c'].map((n) => settings.models[n]!);
  return { server, client, chain, settings: settings as Settings };
}

describe('--hedge', () => {
  it('a slow primary: the hedge starts after DUR, wins, and the primary is cancelled at once', async () => {
    const { client, chain, server, settings } = await setup({
      a: [delayed('a', 3_000, ['SLOW'], true)],
      b: [delayed('b', 150, ['fast', ' answer'])],
    });
    const events: ChainEvent[] = [];
    let out = '';
    let firstTokenAt = 0;
    const start = client.clock.now();
    const r = await client.complete(chain, REQ, {
      hedgeMs: 100,
      onEvent: (e) => events.push(e),
      onToken: (t) => {
        firstTokenAt ||= performance.now();
        out += t;
      },
    });
    expect(r.ok).toBe(true);
    expect(r.final!.model).toBe('b');
    expect(out).toBe('fast answer'); // never a's text
    expect(r.hedged).toBe(true);
    expect(events).toContainEqual({ type: 'hedge', from: 'a', to: 'b', afterMs: 100 });
    expect(r.attempts.map((a) => [a.model, a.outcome, a.hedge])).toEqual([
      ['a', 'cancelled', 'primary'],
      ['b', 'ok', 'hedge'],
    ]);
    // The hedge started after DUR, not before.
    const b = r.attempts[1]!;
    expect(b.start - start).toBeGreaterThanOrEqual(99);
    // The server saw a's cancel right when b's first token arrived, long before a's 3 s.
    await until(() => closedAt.has('a'));
    expect(closedAt.get('a')! - firstTokenAt).toBeLessThan(150);
    expect(closedAt.get('a')! - firstTokenAt).toBeGreaterThan(-50);
    expect(server.count('c')).toBe(0);
    // --json: hedged, both attempts, and what the cancelled leg was billed (usage it reported).
    const doc = chatDocument(r, settings, { start, end: client.clock.now(), interrupted: false });
    expect(doc.hedged).toBe(true);
    expect(doc.model).toBe('b');
    expect(doc.content).toBe('fast answer');
    expect(doc.attempts[0]).toMatchObject({
      model: 'a',
      outcome: 'cancelled',
      hedge: 'primary',
      cancelled_by_hedge: true,
      billed_usage: { prompt_tokens: 1000, completion_tokens: 0, total_tokens: 1000 },
      billed_cost_usd: 0.002,
    });
    expect(doc.hedge_cost_usd).toBe(0.002);
  });

  it('the primary answers first after the hedge started: the hedge is cancelled, never spliced', async () => {
    const { client, chain } = await setup({
      a: [delayed('a', 250, ['primary', ' text'])],
      b: [delayed('b', 2_000, ['HEDGE'])],
    });
    let out = '';
    const r = await client.complete(chain, REQ, { hedgeMs: 50, onToken: (t) => (out += t) });
    expect(r.final!.model).toBe('a');
    expect(out).toBe('primary text');
    expect(r.attempts.map((a) => [a.model, a.outcome, a.hedgeCancelled ?? false])).toEqual([
      ['a', 'ok', false],
      ['b', 'cancelled', true],
    ]);
    expect(r.fallbackUsed).toBe(false);
    await until(() => closedAt.has('b'));
  });

  it('a primary that answers before DUR starts no hedge', async () => {
    const { client, chain, server } = await setup({ a: [sse(['quick'])], b: [sse(['B'])] });
    const r = await client.complete(chain, REQ, { hedgeMs: 500 });
    expect(r.final!.model).toBe('a');
    expect(r.hedged).toBeUndefined();
    expect(server.count('b')).toBe(0);
  });

  it('a primary that fails while the hedge runs: the hedge answers, the failure is recorded', async () => {
    const { client, chain } = await setup({
      a: [
        (_req, res) => {
          setTimeout(() => {
            res.writeHead(503, { 'content-type': 'application/json' });
            res.end('{"error":{"message":"down"}}');
          }, 150);
        },
      ],
      b: [delayed('b', 300, ['B'])],
    });
    const r = await client.complete(chain, REQ, { hedgeMs: 50 });
    expect(r.final!.model).toBe('b');
    expect(r.attempts.map((a) => [a.model, a.outcome])).toEqual([
      ['a', 'server_error'],
      ['b', 'ok'],
    ]);
  });

  it('off by default: a slow primary is waited for', async () => {
    const { client, chain, server } = await setup({
      a: [delayed('a', 200, ['A'])],
      b: [sse(['B'])],
    });
    const r = await client.complete(chain, REQ);
    expect(r.final!.model).toBe('a');
    expect(server.count('b')).toBe(0);
  });
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}
