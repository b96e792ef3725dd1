import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();
const json = (out: string) => JSON.parse(out) as Record<string, any>;

describe('shepherd chat: the happy path', () => {
  it('streams the answer to stdout and writes one ledger line without the prompt', async () => {
    const e = await env();
    const r = await e.run(['chat', 'say', 'hello']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
    const ledger = readFileSync(join(e.home, '.data/shepherd/usage.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(ledger).toHaveLength(1);
    const line = JSON.parse(ledger[0]!);
    expect(line).toMatchObject({ model: 'a', models_tried: ['a'], outcome: 'ok' });
    expect(line.usage.completion_tokens).toBe(6);
    expect(ledger[0]).not.toContain('hello');
    expect(ledger[0]).not.toContain(r.stdout.trim());
  });

  it('--json prints one shepherd.chat/v1 document with usage, cost and timings', async () => {
    const e = await env();
    const r = await e.run(['chat', '--json', 'hi']);
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc).toMatchObject({
      schema: 'shepherd.chat/v1',
      model: 'a',
      finish_reason: 'stop',
      fallback_used: false,
      attempts: [{ model: 'a', outcome: 'ok', http_status: 200, retry_after_ms: null }],
    });
    const u = doc.usage;
    expect(u.completion_tokens).toBe(6);
    // a: $1/M input, $2/M output
    expect(doc.cost_usd).toBeCloseTo((u.prompt_tokens * 1 + u.completion_tokens * 2) / 1e6, 9);
    expect(doc.ttft_ms).toBeGreaterThanOrEqual(0);
    expect(doc.latency_ms).toBeGreaterThanOrEqual(doc.ttft_ms);
  });

  it('--no-stream sends a non-streaming request; --no-log writes no ledger', async () => {
    const e = await env();
    const r = await e.run(['chat', '--no-stream', '--no-log', 'hi']);
    expect(r.code).toBe(0);
    expect(e.sim.log[0]).toMatchObject({ model: 'a', stream: false });
    expect(existsSync(join(e.home, '.data/shepherd/usage.jsonl'))).toBe(false);
  });

  it('no prompt and nothing piped is a usage error, never a hang', async () => {
    const e = await env();
    const r = await e.run(['chat']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no prompt/);
    expect(e.sim.log).toHaveLength(0);
  });

  it('a zero --timeout or --deadline is a usage error, before any request', async () => {
    const e = await env();
    for (const flag of ['--timeout', '--deadline']) {
      const r = await e.run(['chat', flag, '0s', 'x']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `shepherd: ${flag}: '0s' must be longer than 0 (e.g. 30s) (see shepherd chat --help)\n`,
      );
    }
    expect(e.sim.log).toHaveLength(0);
  });

  it('reads piped stdin and appends it after the instruction', async () => {
    const e = await env();
    const r = await e.run(['chat', '--json', 'review this'], {
      stdin: Readable.from(['+ added line\n']),
    });
    expect(r.code).toBe(0);
    const only = await e.run(['chat', '--json'], { stdin: Readable.from(['just stdin']) });
    expect(only.code).toBe(0);
  });

  it('-m picks a fallback chain with aliases resolved; unknown route is exit 2', async () => {
    const e = await env();
    expect((await e.run(['chat', '-m', 'b,c', '--json', 'x'])).code).toBe(0);
    expect(e.sim.log[0]!.model).toBe('b');
    const bad = await e.run(['chat', '-r', 'nope', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/nope/);
  });
});

describe('shepherd chat: faults (SPEC §2)', () => {
  it('429 with Retry-After waits at least that long, then the same model answers', async () => {
    const e = await env({ a: { script: [{ type: 'rate_limited', retryAfterMs: 300 }, 'ok'] } });
    const r = await e.run(['chat', '--json', 'x']);
    const doc = json(r.stdout);
    expect(r.code).toBe(0);
    expect(doc.model).toBe('a');
    expect(doc.attempts.map((a: any) => a.outcome)).toEqual(['rate_limited', 'ok']);
    expect(doc.attempts[0].retry_after_ms).toBe(300);
    expect(doc.latency_ms).toBeGreaterThanOrEqual(300);
    expect(r.stderr).toMatch(/a failed \(rate_limited, HTTP 429\); retrying in 0\.3s/);
  });

  it('429 whose Retry-After does not fit the deadline fails over at once', async () => {
    const e = await env({ a: { script: [{ type: 'rate_limited', retryAfter: 5 }] } });
    const r = await e.run(['chat', '--json', '--deadline', '3s', 'x']);
    const doc = json(r.stdout);
    expect(doc.model).toBe('b');
    expect(doc.latency_ms).toBeLessThan(2000);
    // SPEC §4: a 429 shows the Retry-After it got.
    expect(r.stderr).toContain('a failed (rate_limited, HTTP 429, Retry-After 5.0s); trying b');
  });

  it('persistent 429 without a header: bounded attempts, then failover', async () => {
    const e = await env({
      a: { faults: [{ type: 'rate_limited', probability: 1, noHeader: true }] },
    });
    const doc = json((await e.run(['chat', '--json', 'x'])).stdout);
    expect(doc.attempts.map((a: any) => a.outcome)).toEqual(['rate_limited', 'rate_limited', 'ok']);
    expect(doc.model).toBe('b');
    expect(e.count('a')).toBe(2);
  });

  it('500 once: the same-model retry succeeds', async () => {
    const e = await env({ a: { script: [{ type: 'server_error', status: 500 }, 'ok'] } });
    const doc = json((await e.run(['chat', '--json', 'x'])).stdout);
    expect(doc).toMatchObject({ model: 'a', fallback_used: false });
    expect(e.count('a')).toBe(2);
  });

  it('persistent 503: fails over within budget; failed attempts are not billed', async () => {
    const e = await env({ a: { faults: [{ type: 'server_error', status: 503, probability: 1 }] } });
    const r = await e.run(['chat', '--json', 'x']);
    const doc = json(r.stdout);
    expect(r.code).toBe(0);
    expect(doc).toMatchObject({ model: 'b', fallback_used: true });
    expect(doc.attempts.map((a: any) => [a.model, a.outcome, a.http_status])).toEqual([
      ['a', 'server_error', 503],
      ['a', 'server_error', 503],
      ['b', 'ok', 200],
    ]);
    const u = doc.usage;
    expect(doc.cost_usd).toBeCloseTo((u.prompt_tokens * 3 + u.completion_tokens * 4) / 1e6, 9);
  });

  it('reset before headers: network error, retried once, then failover', async () => {
    const e = await env({ a: { faults: [{ type: 'reset', probability: 1 }] } });
    const r = await e.run(['chat', '--json', 'x']);
    const doc = json(r.stdout);
    expect(doc.attempts.slice(0, 2).map((a: any) => a.outcome)).toEqual(['network', 'network']);
    expect(doc.model).toBe('b');
  });

  it('a provider that never answers: ends within the attempt timeout, not retried, then fails over', async () => {
    const e = await env({ a: { faults: [{ type: 'no_answer', probability: 1 }] } });
    const t0 = performance.now();
    const r = await e.run(['chat', '--json', '--timeout', '400ms', 'x']);
    const doc = json(r.stdout);
    expect(doc.model).toBe('b');
    expect(doc.attempts[0].outcome).toBe('timeout');
    expect(e.count('a')).toBe(1);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('slow first token: the first-token timeout fails over', async () => {
    const e = await env(
      { a: { faults: [{ type: 'slow_first_token', delayMs: 5000, probability: 1 }] } },
      {
        config: {
          timeouts: {
            firstToken: '300ms',
            idle: '2s',
            attempt: '5s',
            deadline: '20s',
            connect: '1s',
          },
        },
      },
    );
    const doc = json((await e.run(['chat', '--json', 'x'])).stdout);
    expect(doc.attempts[0].outcome).toBe('timeout');
    expect(doc.model).toBe('b');
  });

  it('a stream cut mid-answer after text was printed: never exit 0, says what was delivered', async () => {
    const e = await env({ a: { faults: [{ type: 'cut', afterTokens: 3, probability: 1 }] } });
    const r = await e.run(['chat', 'x']);
    expect(r.code).toBe(4);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/characters were delivered before the failure/);
    expect(e.count('b')).toBe(0);
  });

  it('a stream cut mid-answer with --json: the next model answers from scratch', async () => {
    const e = await env({ a: { faults: [{ type: 'cut', afterTokens: 3, probability: 1 }] } });
    const r = await e.run(['chat', '--json', 'x']);
    const doc = json(r.stdout);
    expect(r.code).toBe(0);
    expect(doc.model).toBe('b');
    expect(
      doc.attempts
        .filter((a: any) => a.model === 'a')
        .every((a: any) => a.outcome === 'bad_response'),
    ).toBe(true);
  });

  it('a stalled stream hits the idle timeout', async () => {
    const e = await env(
      { a: { faults: [{ type: 'stall', afterTokens: 2, probability: 1 }] } },
      {
        config: {
          timeouts: {
            firstToken: '2s',
            idle: '300ms',
            attempt: '5s',
            deadline: '20s',
            connect: '1s',
          },
        },
      },
    );
    const doc = json((await e.run(['chat', '--json', 'x'])).stdout);
    expect(doc.attempts[0].outcome).toBe('timeout');
    expect(doc.model).toBe('b');
  });

  it('a malformed SSE event is skipped and the answer completes', async () => {
    const e = await env({ a: { faults: [{ type: 'malformed', afterTokens: 2, probability: 1 }] } });
    const r = await e.run(['chat', '--json', 'x']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).model).toBe('a');
    expect(json(r.stdout).attempts).toMatchObject([{ model: 'a', outcome: 'ok', bad_chunks: 1 }]);
    expect(r.stderr).toBe(
      'note: a sent 1 malformed stream event (skipped; the answer may miss text)\n',
    );
    const quiet = await e.run(['chat', '--quiet', 'x']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('no [DONE]: finishes promptly with usage reported', async () => {
    const e = await env({ a: { faults: [{ type: 'no_done', probability: 1 }] } });
    const doc = json((await e.run(['chat', '--json', 'x'])).stdout);
    expect(doc.model).toBe('a');
    expect(doc.usage.completion_tokens).toBe(6);
    expect(doc.latency_ms).toBeLessThan(1500);
  });

  it('context_length_exceeded: no same-model retry; skips a model with no larger window', async () => {
    const e = await env({ a: { faults: [{ type: 'context_length', probability: 1 }] } });
    const r = await e.run(['chat', '--json', '-m', 'a,b,big', 'x']);
    const doc = json(r.stdout);
    expect(doc.model).toBe('big');
    expect(e.count('a')).toBe(1);
    expect(e.count('b')).toBe(0);
    expect(r.stderr).toMatch(/b skipped \(context window/);
  });

  it('content_policy_violation: no retry, no failover, exit 5, the reason shown', async () => {
    const e = await env({
      a: { faults: [{ type: 'content_filter', probability: 1, message: 'flagged: violence' }] },
    });
    const r = await e.run(['chat', 'x']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('flagged: violence');
    expect(e.count('a')).toBe(1);
    expect(e.count('b')).toBe(0);
    const j = await e.run(['chat', '--json', 'x']);
    expect(j.code).toBe(5);
    expect(json(j.stdout).error.class).toBe('content_filter');
  });

  it('every model down: exit 4 and --json still prints one document with every attempt', async () => {
    const down = {
      faults: [{ type: 'server_error' as const, status: 502 as const, probability: 1 }],
    };
    const e = await env({ a: down, b: down, c: down });
    const r = await e.run(['chat', '--json', 'x']);
    expect(r.code).toBe(4);
    const doc = json(r.stdout);
    expect(doc.error.class).toBe('server_error');
    expect(doc.model).toBeNull();
    expect(doc.cost_usd).toBeNull();
    expect(doc.attempts).toHaveLength(6);
  });
});

describe('shepherd chat: breaker across separate runs', () => {
  it('opens after failures, later runs skip the primary without an attempt, a probe brings it back', async () => {
    const e = await env(
      { a: { faults: [{ type: 'server_error', status: 503, probability: 1 }] } },
      {
        config: {
          breaker: { failures: 3, cooldown: '30s' },
          retry: { attempts: 1, baseDelay: '20ms', maxDelay: '100ms', maxRetryAfter: '10s' },
        },
      },
    );
    for (let i = 0; i < 3; i++)
      expect(json((await e.run(['chat', '--json', 'x'])).stdout).model).toBe('b');
    expect(e.count('a')).toBe(3);
    for (let i = 0; i < 3; i++) {
      const r = await e.run(['chat', '--json', 'x']);
      expect(json(r.stdout).model).toBe('b');
      expect(r.stderr).toMatch(/a skipped \(circuit open after server_error/);
    }
    expect(e.count('a')).toBe(3);
    // The primary heals; pretend the cooldown has passed by ageing the persisted state.
    e.sim.setModel('a', { faults: [] });
    const file = join(e.home, '.state/shepherd/health.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    state.models[`${e.sim.url} a`].openedAt -= 31_000;
    writeFileSync(file, JSON.stringify(state));
    expect(json((await e.run(['chat', '--json', 'x'])).stdout).model).toBe('a');
    expect(json((await e.run(['chat', '--json', 'x'])).stdout).model).toBe('a');
    expect(e.count('a')).toBe(5);
  });
});

describe('shepherd chat: keys', () => {
  const GOOD = 'sk-test.GOODFAKEGOODFAKEGOOD0001';
  const BAD = 'sk-test.BADFAKEBADFAKEBADFAKE0002';

  it('401: exit 3, names where the key came from, and the key appears nowhere', async () => {
    const e = await env({}, { apiKeys: [GOOD] });
    const r = await e.run(['chat', 'x'], { env: { SHEPHERD_API_KEY: BAD } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/SHEPHERD_API_KEY/);
    const j = await e.run(['chat', '--json', 'x'], { env: { SHEPHERD_API_KEY: BAD } });
    expect(j.code).toBe(3);
    const ledger = readFileSync(join(e.home, '.data/shepherd/usage.jsonl'), 'utf8');
    for (const text of [r.stdout, r.stderr, j.stdout, j.stderr, ledger])
      expect(text).not.toContain(BAD);
    expect(e.count('b')).toBe(0); // same gateway, same key: not hammered
  });

  it('a keyless request to a key-checking gateway says no key was set (exit 3)', async () => {
    const e = await env({}, { apiKeys: [GOOD] });
    const r = await e.run(['chat', 'x']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no API key was set/);
  });

  it('the right key works', async () => {
    const e = await env({}, { apiKeys: [GOOD] });
    const r = await e.run(['chat', 'x'], { env: { SHEPHERD_API_KEY: GOOD } });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(GOOD);
  });
});

describe('shepherd chat: Ctrl-C', () => {
  it('flushes what was received and exits 130', async () => {
    const e = await env({ a: { ttftMs: 1, itlMs: 100, outputTokens: 50 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const r = await e.run(['chat', 'x'], { signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/interrupted/);
    expect(e.count('b')).toBe(0);
  });
});

describe('shepherd chat: the deadline', () => {
  it('a chain cut by --deadline says so and what failed last, with no "trying" note for a model never tried', async () => {
    const e = await env({ a: { faults: [{ type: 'no_answer', probability: 1 }] } });
    // Not streamed: no first-token wait to shorten, so the silent model eats the deadline.
    const r = await e.run(['chat', '--no-stream', '--deadline', '300ms', 'x']);
    expect(r.code).toBe(4);
    expect(r.stderr).not.toMatch(/trying b/);
    expect(r.stderr).toMatch(
      /^shepherd: deadline of 300 ms reached; last: chain deadline reached after \d+ ms on a; allow more time with --deadline or timeouts.deadline\n$/,
    );
    expect(e.count('b')).toBe(0);
  });
});

describe('shepherd chat: --deadline shortens first-token waits', () => {
  it('a silent first model gets its share of the deadline, so the last model still answers', async () => {
    const e = await env({ a: { faults: [{ type: 'no_answer', probability: 1 }] } });
    const r = await e.run(['chat', '-m', 'a,b', '--deadline', '600ms', 'x']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/a failed \(timeout\); trying b/);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(e.count('b')).toBe(1);
  });
});

describe('shepherd chat --hedge', () => {
  it('a slow first token: the next model starts after DUR and wins; --json says hedged with both attempts', async () => {
    const e = await env({
      a: { faults: [{ type: 'slow_first_token', probability: 1, delayMs: 3000 }] },
    });
    const r = await e.run(['chat', '-m', 'a,b', '--hedge', '100ms', '--json', 'x']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ model: 'b', hedged: true, fallback_used: true, hedge_cost_usd: 0 });
    expect(doc.attempts).toMatchObject([
      {
        model: 'a',
        outcome: 'cancelled',
        hedge: 'primary',
        cancelled_by_hedge: true,
        billed_usage: null,
      },
      { model: 'b', outcome: 'ok', hedge: 'hedge' },
    ]);
    expect(r.stderr).toMatch(/a: no first token after 0.1s; hedging with b/);
  });

  it('rejects a bad --hedge value with exit 2; --hedge off is accepted', async () => {
    const e = await env();
    expect((await e.run(['chat', '--hedge', 'soon', 'x'])).code).toBe(2);
    expect((await e.run(['chat', '--hedge', 'off', 'x'])).code).toBe(0);
  });
});

describe('shepherd chat: notes', () => {
  it('a 429 on one key moves to the next key with a note that says rate-limited, not rejected', async () => {
    const { failoverNote } = await import('../../src/chat/notes.js');
    expect(failoverNote({ type: 'key_rotated', gateway: 'default', cls: 'rate_limited' })).toBe(
      'key rate-limited on gateway default (HTTP 429); trying the next key',
    );
    expect(failoverNote({ type: 'key_rotated', gateway: 'default', cls: 'auth' })).toBe(
      'key rejected on gateway default (auth); trying the next key',
    );
  });

  it('a short jittered wait shows in ms, never as 0.0s', async () => {
    const { failoverNote } = await import('../../src/chat/notes.js');
    const retry = (delayMs: number) =>
      failoverNote({
        type: 'retry',
        model: 'a',
        cls: 'server_error',
        httpStatus: 503,
        delayMs,
        attemptNo: 1,
      });
    expect(retry(4.4)).toBe('a failed (server_error, HTTP 503); retrying in 4ms');
    expect(retry(99)).toBe('a failed (server_error, HTTP 503); retrying in 99ms');
    expect(retry(300)).toBe('a failed (server_error, HTTP 503); retrying in 0.3s');
  });
});
