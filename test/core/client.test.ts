import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/types.js';
import { ShepherdClient, type ChainEvent } from '../../src/core/client.js';
import { exitCodeForFailedChain } from '../../src/core/exit-codes.js';
import type { ChatRequest } from '../../src/core/request.js';
import {
  cutAfter,
  json,
  reset,
  scriptedServer,
  silent,
  slowFirstToken,
  sse,
  stallAfter,
  status,
} from '../helpers/scripted-server.js';
import { testSettings } from '../helpers/settings.js';
import { VirtualClock } from '../helpers/virtual-clock.js';

const REQ: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], stream: true };
const FAKE_KEY = 'sk-test.FAKEFAKEFAKEFAKEFAKE0001';
const FAKE_KEY2 = 'sk-test.FAKEFAKEFAKEFAKEFAKE0002';

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
  scripts: Parameters<typeof scriptedServer>[0],
  options: Parameters<typeof testSettings>[1] = {},
): Promise<{ s: Server; c: ShepherdClient; clock: VirtualClock; events: ChainEvent[] }> {
  server = await scriptedServer(scripts);
  const clock = new VirtualClock();
  client = new ShepherdClient({
    settings: testSettings(server.url, options),
    clock,
    random: () => 0.5,
    stateStore: null,
  });
  return { s: server, c: client, clock, events: [] };
}

// The client reads only ClientSettings; the test built it from full Settings (with models).
const chainOf = (c: ShepherdClient, ...names: string[]) =>
  names.map((n) => (c.settings as Settings).models[n]!);

describe('ShepherdClient.complete: success paths', () => {
  it('streams an answer with timestamps in order and usage', async () => {
    const { c, s } = await setup({ a: [sse(['Hel', 'lo'])] });
    const tokens: string[] = [];
    const r = await c.complete(chainOf(c, 'a'), REQ, { onToken: (t) => tokens.push(t) });
    expect(r.ok).toBe(true);
    expect(tokens).toEqual(['Hel', 'lo']);
    const f = r.final!;
    expect(f.content).toBe('Hello');
    expect(f.usage?.completion_tokens).toBe(2);
    expect(f.tokensSource).toBe('usage');
    expect(f.start).toBeLessThanOrEqual(f.firstByte!);
    expect(f.firstByte!).toBeLessThanOrEqual(f.firstToken!);
    expect(f.firstToken!).toBeLessThanOrEqual(f.end);
    expect(f.contentTimes).toHaveLength(2);
    expect(s.seen[0]!.body).toMatchObject({
      model: 'a',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(s.seen[0]!.headers.authorization).toBeUndefined(); // keyless gateway
  });

  it('non-streaming answers are read from one JSON document', async () => {
    const { c } = await setup({ a: [json('hi there')] });
    const r = await c.complete(chainOf(c, 'a'), { ...REQ, stream: false });
    expect(r.ok).toBe(true);
    expect(r.final!.content).toBe('hi there');
    expect(r.final!.usage?.total_tokens).toBe(5);
  });

  it('a malformed SSE event is skipped and counted, and the answer completes', async () => {
    const { c } = await setup({
      a: [
        (_q, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: {"choices":[{"delta":{"content":"x"}}]}\n\ndata: {oops\n\n');
          res.end(
            'data: {"choices":[{"delta":{"content":"y"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
          );
        },
      ],
    });
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.ok).toBe(true);
    expect(r.final!.content).toBe('xy');
    expect(r.final!.badChunks).toBe(1);
    expect(r.final!.tokensSource).toBe('chunks');
  });

  it('no [DONE] while the server holds the connection: finishes promptly with usage', async () => {
    const { c } = await setup({ a: [sse(['a', 'b'], { done: false, end: false })] });
    const t0 = performance.now();
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.ok).toBe(true);
    expect(r.final!.usage?.completion_tokens).toBe(2);
    expect(performance.now() - t0).toBeLessThan(1500); // well before the 2 s idle timeout
  });

  it('[DONE] while the server holds the connection open: ok, promptly', async () => {
    const { c } = await setup({
      a: [
        (_q, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(
            'data: {"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
          );
        },
      ],
    });
    const t0 = performance.now();
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.ok).toBe(true);
    expect(r.final!.content).toBe('x');
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('an in-band error while the server holds the connection open is still a failure', async () => {
    const { c } = await setup(
      {
        a: [
          (_q, res) => {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.write(
              'data: {"choices":[{"delta":{"content":"x"}}]}\n\ndata: {"error":{"message":"Overloaded","code":529}}\n\n',
            );
          },
        ],
      },
      { retry: { attempts: 1 } },
    );
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.ok).toBe(false);
    expect(r.attempts[0]).toMatchObject({ outcome: 'server_error' });
  });
});

describe('ShepherdClient.complete: retries and failover (SPEC §2)', () => {
  it('429 with Retry-After: 2 waits at least 2 s, then the same model answers', async () => {
    const { c, s, clock } = await setup({
      a: [status(429, {}, { 'retry-after': '2' }), sse(['ok'])],
    });
    const events: ChainEvent[] = [];
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ, { onEvent: (e) => events.push(e) });
    expect(r.ok).toBe(true);
    expect(r.final!.model).toBe('a');
    expect(clock.sleeps).toEqual([2000]);
    expect(s.count('a')).toBe(2);
    expect(r.attempts[0]).toMatchObject({
      outcome: 'rate_limited',
      httpStatus: 429,
      retryAfterMs: 2000,
    });
    expect(events[0]).toMatchObject({ type: 'retry', cls: 'rate_limited', delayMs: 2000 });
  });

  it('429 whose Retry-After does not fit the deadline fails over at once', async () => {
    const { c, s, clock } = await setup({
      a: [status(429, {}, { 'retry-after': '5' })],
      b: [sse(['B'])],
    });
    const events: ChainEvent[] = [];
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ, {
      deadlineMs: 3000,
      onEvent: (e) => events.push(e),
    });
    expect(r.ok).toBe(true);
    expect(r.final!.model).toBe('b');
    expect(clock.sleeps).toEqual([]);
    expect(s.count('a')).toBe(1);
    expect(events).toContainEqual({
      type: 'failover',
      from: 'a',
      to: 'b',
      cls: 'rate_limited',
      httpStatus: 429,
      retryAfterMs: 5000,
    });
  });

  it('honours retry-after-ms and HTTP-date forms', async () => {
    const date = new Date(Date.now() + 3000).toUTCString();
    const { c, clock } = await setup(
      {
        a: [
          status(429, {}, { 'retry-after-ms': '1500' }),
          status(429, {}, { 'retry-after': date }),
          sse(['x']),
        ],
      },
      { retry: { attempts: 3 } },
    );
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.ok).toBe(true);
    expect(clock.sleeps[0]).toBe(1500);
    // The date is 3 s after the request was scripted; the virtual clock has moved 1.5 s since,
    // and HTTP dates have 1 s resolution.
    expect(clock.sleeps[1]).toBeGreaterThan(400);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(1500);
  });

  it('persistent 429 without a header: bounded attempts with jittered backoff, then failover', async () => {
    const { c, s, clock } = await setup(
      { a: [status(429)], b: [sse(['B'])] },
      { retry: { attempts: 3 } },
    );
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.final!.model).toBe('b');
    expect(s.count('a')).toBe(3);
    // full jitter with random()=0.5: half of min(max, base·2^(n−1))
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('500 once: the same model retries and answers', async () => {
    const { c, s } = await setup({ a: [status(500), sse(['fine'])] });
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.ok).toBe(true);
    expect(r.final!.model).toBe('a');
    expect(r.fallbackUsed).toBe(false);
    expect(s.count('a')).toBe(2);
  });

  it('persistent 503: fails over within the budget and reports every attempt', async () => {
    const { c, s } = await setup({ a: [status(503)], b: [sse(['B'])] });
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.final!.model).toBe('b');
    expect(r.fallbackUsed).toBe(true);
    expect(r.attempts.map((a) => a.outcome)).toEqual(['server_error', 'server_error', 'ok']);
    expect(s.count('a')).toBe(2);
  });

  it('reset before headers is a network error: retried once, then failover', async () => {
    const { c, s } = await setup({ a: [reset], b: [sse(['B'])] }, { retry: { attempts: 4 } });
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.final!.model).toBe('b');
    expect(r.attempts[0]!.outcome).toBe('network');
    expect(r.attempts[0]!.message).toContain(s.url);
    expect(s.count('a')).toBe(2);
  });

  it('a provider that never answers times out once (not retried), then fails over', async () => {
    const { c, s } = await setup(
      { a: [silent], b: [sse(['B'])] },
      { timeouts: { attemptMs: 300, firstTokenMs: 250 } },
    );
    const t0 = performance.now();
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.final!.model).toBe('b');
    expect(r.attempts[0]!.outcome).toBe('timeout');
    expect(s.count('a')).toBe(1);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('slow first token: the first-token timeout fails over', async () => {
    const { c } = await setup(
      { a: [slowFirstToken(3000, ['late'])], b: [sse(['B'])] },
      { timeouts: { firstTokenMs: 200 } },
    );
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.final!.model).toBe('b');
    expect(r.attempts[0]).toMatchObject({ outcome: 'timeout' });
    expect(r.attempts[0]!.message).toMatch(/no first token .* within 200 ms/);
  });

  it('a stalled stream hits the idle timeout', async () => {
    const { c } = await setup({ a: [stallAfter(['a', 'b'])] }, { timeouts: { idleMs: 200 } });
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.ok).toBe(false);
    expect(r.attempts[0]).toMatchObject({ outcome: 'timeout', contentChunks: 2 });
    expect(r.attempts[0]!.message).toMatch(/stalled/);
  });

  it('a stream cut after tokens reached the user: no splice, error with the delivered amount', async () => {
    const { c, s } = await setup({ a: [cutAfter(['part', 'ial'])], b: [sse(['B'])] });
    const out: string[] = [];
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ, { onToken: (t) => out.push(t) });
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ class: 'bad_response' });
    expect(r.error!.message).toMatch(/7 characters were delivered/);
    expect(out.join('')).toBe('partial');
    expect(s.count('b')).toBe(0);
    expect(exitCodeForFailedChain(r.classes)).toBe(4);
  });

  it('a stream cut with nothing delivered yet (--json): the next model answers from scratch', async () => {
    const { c } = await setup(
      { a: [cutAfter(['part'])], b: [sse(['whole'])] },
      { retry: { attempts: 1 } },
    );
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.ok).toBe(true);
    expect(r.final!.model).toBe('b');
    expect(r.final!.content).toBe('whole');
    expect(r.attempts[0]!.outcome).toBe('bad_response');
  });

  it('in-band error mid-stream is classified from the error object', async () => {
    const { c } = await setup(
      {
        a: [
          (_q, res) => {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.end(
              'data: {"error":{"message":"Overloaded","type":"overloaded_error","code":529}}\n\n',
            );
          },
        ],
      },
      { retry: { attempts: 1 } },
    );
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.attempts[0]).toMatchObject({ outcome: 'server_error' });
  });

  it('context_length: no same-model retry; skips models whose window is not larger', async () => {
    const err = {
      error: {
        message: 'too long',
        code: 'context_length_exceeded',
        type: 'invalid_request_error',
      },
    };
    const { c, s } = await setup(
      { a: [status(400, err)], b: [sse(['B'])], c: [sse(['C'])] },
      {
        models: [
          { name: 'a', contextWindow: 8000 },
          { name: 'b', contextWindow: 8000 },
          { name: 'c', contextWindow: 128000 },
        ],
      },
    );
    const r = await c.complete(chainOf(c, 'a', 'b', 'c'), REQ);
    expect(r.final!.model).toBe('c');
    expect(s.count('a')).toBe(1);
    expect(s.count('b')).toBe(0);
    expect(r.skipped[0]).toMatchObject({ model: 'b' });
  });

  it('content_policy_violation: no retry, no failover, exit 5, the provider reason kept', async () => {
    const err = {
      error: {
        message: 'Your request was flagged by our safety system',
        code: 'content_policy_violation',
      },
    };
    const { c, s } = await setup({ a: [status(400, err)], b: [sse(['B'])] });
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.ok).toBe(false);
    expect(r.error!.class).toBe('content_filter');
    expect(r.error!.message).toContain('flagged by our safety system');
    expect(s.count('a')).toBe(1);
    expect(s.count('b')).toBe(0);
    expect(exitCodeForFailedChain(r.classes)).toBe(5);
  });

  it('the deadline bounds the whole chain: no wait sleeps past it', async () => {
    const { c, clock } = await setup(
      { a: [status(503)], b: [status(503)] },
      { retry: { attempts: 5, baseDelayMs: 1000 } },
    );
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ, { deadlineMs: 2500 });
    expect(r.ok).toBe(false);
    const slept = clock.sleeps.reduce((x, y) => x + y, 0);
    expect(slept).toBeLessThan(2500);
  });
});

describe('ShepherdClient.complete: keys', () => {
  it('401: exit 3, the message names the key source, and the key never appears', async () => {
    const { c, s } = await setup(
      { '*': [status(401, { error: { message: `bad key ${FAKE_KEY}` } })] },
      { keys: [FAKE_KEY] },
    );
    const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
    expect(r.ok).toBe(false);
    expect(r.error!.class).toBe('auth');
    expect(exitCodeForFailedChain(r.classes)).toBe(3);
    expect(s.seen[0]!.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    expect(s.seen).toHaveLength(1); // b is on the same gateway: skipped, not hammered
    const everything = JSON.stringify(r);
    expect(everything).not.toContain(FAKE_KEY);
    expect(r.error!.message).toContain('SHEPHERD_API_KEY');
    expect(r.error!.message).toContain('sk-…0001');
  });

  it('401 without any key says no key was set', async () => {
    const { c } = await setup({ a: [status(401)] });
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.error!.message).toMatch(/no API key was set/);
  });

  it('several keys: a 401 key is set aside and the next key is used at once', async () => {
    const { c, s } = await setup(
      {
        a: [
          (req, res) => {
            const ok = req.headers.authorization === `Bearer ${FAKE_KEY2}`;
            res.writeHead(ok ? 200 : 401, {
              'content-type': ok ? 'text/event-stream' : 'application/json',
            });
            res.end(
              ok
                ? 'data: {"choices":[{"delta":{"content":"k2"},"finish_reason":"stop"}]}\n\n'
                : '{}',
            );
          },
        ],
      },
      { keys: [FAKE_KEY, FAKE_KEY2] },
    );
    const r1 = await c.complete(chainOf(c, 'a'), REQ);
    expect(r1.ok).toBe(true);
    const r2 = await c.complete(chainOf(c, 'a'), REQ);
    expect(r2.ok).toBe(true);
    expect(s.seen.map((x) => x.headers.authorization)).toEqual([
      `Bearer ${FAKE_KEY}`,
      `Bearer ${FAKE_KEY2}`,
      `Bearer ${FAKE_KEY2}`, // key 1 stays set aside for the rest of the run
    ]);
  });

  it('a 429 on one key retries at once on the next key, before any backoff', async () => {
    const { c, clock, s } = await setup(
      {
        a: [
          (req, res) => {
            const ok = req.headers.authorization === `Bearer ${FAKE_KEY2}`;
            res.writeHead(ok ? 200 : 429, {
              'content-type': ok ? 'text/event-stream' : 'application/json',
            });
            res.end(
              ok
                ? 'data: {"choices":[{"delta":{"content":"k2"},"finish_reason":"stop"}]}\n\n'
                : '{}',
            );
          },
        ],
      },
      { keys: [FAKE_KEY, FAKE_KEY2] },
    );
    const r = await c.complete(chainOf(c, 'a'), REQ);
    expect(r.ok).toBe(true);
    expect(clock.sleeps).toEqual([]);
    expect(s.seen).toHaveLength(2);
  });
});

describe('circuit breaker across runs', () => {
  it('opens after repeated failures, later runs skip the model, a probe returns traffic', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shepherd-breaker-'));
    const stateFile = join(dir, 'health.json');
    let healthy = false;
    server = await scriptedServer({
      a: [(req, res, seen) => (healthy ? sse(['A'])(req, res, seen) : status(503)(req, res, seen))],
      b: [sse(['B'])],
    });
    const clock = new VirtualClock();
    const run = async () => {
      const c = new ShepherdClient({
        settings: testSettings(server!.url, { stateFile, retry: { attempts: 1 } }),
        clock,
        random: () => 0,
      });
      const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
      await c.close();
      return r;
    };
    for (let i = 0; i < 3; i++) expect((await run()).final!.model).toBe('b');
    expect(server.count('a')).toBe(3);
    // Breaker open: the next runs skip a without a wasted attempt.
    const skipped = await run();
    expect(skipped.final!.model).toBe('b');
    expect(skipped.skipped[0]).toMatchObject({ model: 'a' });
    expect(server.count('a')).toBe(3);
    // After the cooldown, one half-open probe goes to a; healthy again → traffic returns.
    healthy = true;
    clock.advanceWall(31_000);
    expect((await run()).final!.model).toBe('a');
    expect((await run()).final!.model).toBe('a');
    expect(server.count('a')).toBe(5);
  });
});

describe('circuit breaker: open means do not send', () => {
  it('a breaker that opens mid-run ends that model at once; a failed probe is one request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shepherd-breaker-'));
    const stateFile = join(dir, 'health.json');
    server = await scriptedServer({ a: [status(503)], b: [sse(['B'])] });
    const clock = new VirtualClock();
    const run = async () => {
      const c = new ShepherdClient({
        settings: testSettings(server!.url, { stateFile }), // retry.attempts 2, breaker.failures 3
        clock,
        random: () => 0,
      });
      const r = await c.complete(chainOf(c, 'a', 'b'), REQ);
      await c.close();
      return r;
    };
    expect((await run()).final!.model).toBe('b'); // a: 2 attempts, 2 failures
    expect(server.count('a')).toBe(2);
    const second = await run(); // a: the 3rd failure opens the circuit: no retry after it
    expect(second.final!.model).toBe('b');
    expect(server.count('a')).toBe(3);
    await run(); // open: skipped
    expect(server.count('a')).toBe(3);
    clock.advanceWall(31_000);
    const probe = await run(); // half-open: exactly one probe, which fails; then failover
    expect(probe.final!.model).toBe('b');
    expect(server.count('a')).toBe(4);
    await run(); // re-opened by the failed probe
    expect(server.count('a')).toBe(4);
  });
});
