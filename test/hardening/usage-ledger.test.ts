import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readUsage } from '../../src/core/chunk.js';
import { appendLedgerLine, parseLedger } from '../../src/cost/ledger.js';
import { scriptedServer, status, type Handler } from '../helpers/scripted-server.js';
import { tempHome, fastConfig, runCli } from '../helpers/cli-run.js';

// Issue 17 items 12 and 22: usage counts from a gateway are checked, the ledger survives torn
// and binary lines, and the ledger and state folders are private.

type Server = Awaited<ReturnType<typeof scriptedServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const answer =
  (usage: unknown): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        choices: [
          { index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' },
        ],
        usage,
      }),
    );
  };

const GOOD = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
const ledgerOf = (home: string): string => join(home, '.data', 'shepherd', 'usage.jsonl');
const mode = (path: string): number => statSync(path).mode & 0o777;

describe('usage counts from a gateway (item 12)', () => {
  it('negative, huge, fractional or non-numeric counts are unknown, never priced', () => {
    for (const bad of [
      { prompt_tokens: -100, completion_tokens: 1e300 },
      { prompt_tokens: 5, completion_tokens: 2.5 },
      { prompt_tokens: '5', completion_tokens: 3 },
      { prompt_tokens: 5, completion_tokens: Number.MAX_SAFE_INTEGER },
    ]) {
      expect(readUsage(bad)).toBeUndefined();
    }
    const u = readUsage({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: -1,
      prompt_tokens_details: { cached_tokens: 11 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
    expect(u).toEqual({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      reasoning_tokens: 4,
    });
  });

  it('chat records a hostile usage block as no usage: ledger usage and cost_usd are null', async () => {
    server = await scriptedServer({
      '*': [answer({ prompt_tokens: -100, completion_tokens: 1e300 })],
    });
    const home = tempHome(fastConfig(server.url));
    const r = await runCli(home, ['chat', '--json', 'hi']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { usage: unknown; cost_usd: unknown };
    expect(doc.usage ?? null).toBeNull();
    expect(doc.cost_usd ?? null).toBeNull();
    const line = JSON.parse(readFileSync(ledgerOf(home), 'utf8').trim()) as Record<string, unknown>;
    expect(line.usage).toBeNull();
    expect(line.cost_usd).toBeNull();
    expect(line.outcome).toBe('ok');
  });
});

describe('the usage ledger (item 12)', () => {
  it('an append after a torn last line starts on a fresh line and keeps its record', async () => {
    server = await scriptedServer({ '*': [answer(GOOD)] });
    const home = tempHome(fastConfig(server.url));
    mkdirSync(join(home, '.data', 'shepherd'), { recursive: true });
    writeFileSync(ledgerOf(home), '{"ts":"2026-12-01T10:00:00.000Z","models_tri');
    expect((await runCli(home, ['chat', 'hi'])).code).toBe(0);
    expect((await runCli(home, ['chat', 'hi'])).code).toBe(0);
    const lines = readFileSync(ledgerOf(home), 'utf8').split('\n');
    expect(lines).toHaveLength(4); // torn, two records, the final newline
    expect(lines[0]).toBe('{"ts":"2026-12-01T10:00:00.000Z","models_tri');
    const cost = await runCli(home, ['cost', '--from', 'usage', '--json']);
    expect(cost.code).toBe(0);
    expect(cost.stderr).toContain('skipped 1 unreadable line');
    const doc = JSON.parse(cost.stdout) as { rows?: { requests: number }[] };
    const requests = (doc.rows ?? []).reduce((n, row) => n + row.requests, 0);
    expect(requests).toBe(2);
  });

  it('40 appends at once after a torn line lose no record and split none', async () => {
    const home = tempHome();
    mkdirSync(join(home, '.data', 'shepherd'), { recursive: true });
    writeFileSync(ledgerOf(home), '{"ts":"2026-12-01T10:00:00.000Z","mod');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appendLedgerLine(ledgerOf(home), {
          ts: new Date(Date.UTC(2026, 11, 1, 10, 0, i)).toISOString(),
          models_tried: ['a'],
          model: 'a',
          usage: { prompt_tokens: i, completion_tokens: 1, total_tokens: i + 1 },
          cost_usd: null,
          latency_ms: 5,
          outcome: 'ok',
        }),
      ),
    );
    const parsed = parseLedger(readFileSync(ledgerOf(home), 'utf8'));
    expect(parsed.bad).toHaveLength(1);
    expect(parsed.lines.map((l) => l.usage?.prompt_tokens).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
  });

  it('a ledger of only binary or torn lines is skipped with a count, not a usage error', async () => {
    const home = tempHome();
    mkdirSync(join(home, '.data', 'shepherd'), { recursive: true });
    writeFileSync(ledgerOf(home), Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x0a, 0x22, 0x74, 0x73]));
    const r = await runCli(home, ['cost', '--from', 'usage']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('skipped 2 unreadable lines');
    expect(r.stderr).not.toMatch(/[\u0000\ufffd]/);
  });

  it('a ledger line with impossible counts is one skipped line', async () => {
    const home = tempHome();
    mkdirSync(join(home, '.data', 'shepherd'), { recursive: true });
    const line = (usage: unknown): string =>
      JSON.stringify({
        ts: '2026-12-01T10:00:00.000Z',
        models_tried: ['gpt-4.1'],
        model: 'gpt-4.1',
        usage,
        cost_usd: 1,
        latency_ms: 5,
        outcome: 'ok',
      });
    writeFileSync(
      ledgerOf(home),
      `${line({ prompt_tokens: 10, completion_tokens: 1e300 })}\n${line(GOOD)}\n`,
    );
    const r = await runCli(home, ['cost', '--from', 'usage', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('skipped 1 unreadable line');
    expect(r.stdout).not.toContain('e+');
  });
});

describe('private files and folders (item 22)', () => {
  it('usage.jsonl is 0600 and the data and state folders 0700', async () => {
    server = await scriptedServer({ a: [status(500)], b: [answer(GOOD)] });
    const home = tempHome(fastConfig(server.url));
    // a fails (breaker state is written), b answers (a ledger line).
    const r = await runCli(home, ['chat', 'hi']);
    expect(r.code).toBe(0);
    expect(mode(ledgerOf(home))).toBe(0o600);
    expect(mode(join(home, '.data', 'shepherd'))).toBe(0o700);
    expect(mode(join(home, '.state', 'shepherd'))).toBe(0o700);
    expect(mode(join(home, '.state', 'shepherd', 'health.json'))).toBe(0o600);
  });

  it('a ledger and folder an older version left world-readable are tightened', async () => {
    server = await scriptedServer({ '*': [answer(GOOD)] });
    const home = tempHome(fastConfig(server.url));
    const dir = join(home, '.data', 'shepherd');
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(ledgerOf(home), '', { mode: 0o644 });
    chmodSync(ledgerOf(home), 0o644);
    expect((await runCli(home, ['chat', 'hi'])).code).toBe(0);
    expect(mode(ledgerOf(home))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
  });
});
