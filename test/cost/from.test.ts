import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import {
  appendLedgerLine,
  ledgerLineFor,
  parseLedger,
  type LedgerLine,
} from '../../src/cost/ledger.js';
import { benchResultSchema } from '../../src/bench/result-types.js';
import { tempDir } from './helpers.js';

async function run(args: string[], env: Record<string, string> = {}, cwd?: string) {
  // A fresh home and working directory: no developer config file can leak in.
  const home = tempDir();
  const io = memoryIo({ env: { HOME: home, ...env }, cwd: cwd ?? home });
  const code = await main(['cost', ...args], io);
  return { code, out: io.stdout.text, err: io.stderr.text };
}

async function json(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const r = await run([...args, '--json'], env, cwd);
  return { ...r, doc: JSON.parse(r.out) as Record<string, any> };
}

/** A chat --json document as SPEC §5 describes it, with OpenAI-shaped usage details. */
const chatDoc = {
  schema: 'shepherd.chat/v1',
  model: 'gpt-5',
  content: 'secret answer',
  finish_reason: 'stop',
  usage: {
    prompt_tokens: 10_000,
    completion_tokens: 3_000,
    total_tokens: 13_000,
    prompt_tokens_details: { cached_tokens: 8_000 },
    completion_tokens_details: { reasoning_tokens: 2_500 },
  },
  cost_usd: 0.0335,
  latency_ms: 900,
  ttft_ms: 300,
  fallback_used: true,
  attempts: [
    {
      model: 'gpt-4.1',
      outcome: 'rate_limited',
      http_status: 429,
      latency_ms: 20,
      retry_after_ms: 1000,
    },
    { model: 'gpt-5', outcome: 'ok', http_status: 200, latency_ms: 880, retry_after_ms: null },
  ],
};

const figure = {
  p50: 500,
  p90: 700,
  p95: 800,
  p99: 900,
  p999: 950,
  max: 990,
  mean: 520,
  count: 98,
};

const benchTarget = (name: string, model: string, extra: Record<string, unknown> = {}) => ({
  name,
  model,
  base_url: 'http://127.0.0.1:1/v1',
  requests: 100,
  ok: 98,
  cancelled: 0,
  errors: { rate_limited: 2 },
  success_rate: 0.98,
  throughput_rps: 6.5,
  target_rps: null,
  output_tokens_per_s: 400,
  tokens_source: 'usage',
  ...Object.fromEntries(
    [
      'latency_ms',
      'ttft_ms',
      'ttfo_ms',
      'itl_ms',
      'tpot_ms',
      'service_latency_ms',
      'sched_lag_ms',
    ].map((f) => [f, figure]),
  ),
  histograms: {},
  ...extra,
});

const benchDoc = (targets: unknown[]) => ({
  schema: 'shepherd.bench/v1',
  started_at: '2026-11-23T10:00:00Z',
  duration_s: 15,
  tool: { version: '0.1.0' },
  load: { mode: 'closed', concurrency: 4, warmup: null, shard: null },
  targets,
  client: { event_loop_lag_ms: { p99: 2, max: 5 }, warnings: [] },
  slo: [],
});

const line = (
  ts: string,
  model: string | null,
  usage: LedgerLine['usage'],
  outcome: LedgerLine['outcome'] = 'ok',
): LedgerLine => ({
  ts,
  models_tried: model ? [model] : ['gpt-4.1'],
  model,
  usage,
  cost_usd: null,
  latency_ms: 800,
  outcome,
});

describe('shepherd cost --from', () => {
  it('prices a chat --json document, cached and reasoning tokens included once', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answer.json'), JSON.stringify(chatDoc));
    const { code, doc } = await json(['--from', 'answer.json', '--baseline', 'gpt-4.1'], {}, dir);
    expect(code).toBe(0);
    // gpt-5: 2,000 × $1.25 + 8,000 × $0.125 + 3,000 × $10 (reasoning inside the 3,000) per 1M
    expect(doc).toMatchObject({
      mode: 'usage',
      period: 'total',
      tokens: { input: 10_000, cached_input: 8_000, output: 3_000, reasoning: 2_500 },
      rows: [
        {
          model: 'gpt-5',
          requests: 1,
          input_usd: 0.0025,
          cached_input_usd: 0.001,
          output_usd: 0.03,
          total_usd: 0.0335,
        },
      ],
      total_usd: 0.0335,
      baseline: { model: 'gpt-4.1', total_usd: 0.032, savings_usd: -0.0015, savings_pct: -4.69 },
      source: { kind: 'chat' },
    });
  });

  it('counts requests in the headline with the right number', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answer.json'), JSON.stringify(chatDoc));
    const r = await run(['--from', 'answer.json'], {}, dir);
    expect(r.out).toMatch(/answer\.json: 1 request, 10,000 input/);
  });

  it('prices a bench result with per-target usage totals exactly', async () => {
    const dir = tempDir();
    const doc = benchDoc([
      benchTarget('gpt-4.1', 'gpt-4.1', {
        usage: {
          prompt_tokens: 98_000,
          completion_tokens: 6_000,
          total_tokens: 104_000,
          cached_tokens: 49_000,
          reasoning_tokens: 0,
        },
      }),
      benchTarget('deepseek-v3.2', 'deepseek', {
        usage: {
          prompt_tokens: 98_000,
          completion_tokens: 6_000,
          total_tokens: 104_000,
          cached_tokens: 0,
          reasoning_tokens: 0,
        },
      }),
    ]);
    writeFileSync(join(dir, 'bench.json'), JSON.stringify(doc));
    const r = await json(['--from', 'bench.json'], {}, dir);
    expect(r.code).toBe(0);
    expect(r.doc.rows).toMatchObject([
      {
        model: 'gpt-4.1',
        requests: 98,
        input_usd: 0.098,
        cached_input_usd: 0.0245,
        output_usd: 0.048,
        total_usd: 0.1705,
      },
      { model: 'deepseek-v3.2', requests: 98, total_usd: 0.02996 },
    ]);
    expect(r.doc.total_usd).toBe(0.20046);
    expect(r.err).toBe('');
  });

  it('prices a v1 bench result without usage as an estimate, and says so', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bench.json'),
      JSON.stringify(benchDoc([benchTarget('canary', 'gpt-4.1')])),
    );
    const r = await json(['--from', 'bench.json'], {}, dir);
    expect(r.code).toBe(0);
    expect(r.doc.rows[0]).toMatchObject({
      model: 'gpt-4.1',
      target: 'canary',
      estimated: true,
      input_usd: 0,
      output_usd: 0.048,
    });
    expect(r.err).toContain('input is not priced');
    expect(benchResultSchema.safeParse(benchDoc([benchTarget('canary', 'gpt-4.1')])).success).toBe(
      true,
    );
    writeFileSync(
      join(dir, 'counted.json'),
      JSON.stringify(benchDoc([benchTarget('gpt-4.1', 'gpt-4.1', { output_tokens: 5_000 })])),
    );
    const counted = await json(['--from', 'counted.json'], {}, dir);
    expect(counted.doc.rows[0]).toMatchObject({
      estimated: true,
      output_usd: 0.04,
      tokens: { output: 5_000 },
    });
    const table = await run(['--from', 'bench.json', '--wide'], {}, dir);
    expect(table.out).toContain('canary (gpt-4.1) *');
    expect(table.out).toContain('total (USD)');
  });

  it('prices the usage ledger per model and per day, skipping failures and bad lines', async () => {
    const data = tempDir();
    const ledger = join(data, 'shepherd', 'usage.jsonl');
    await appendLedgerLine(
      ledger,
      line('2026-11-22T23:59:00Z', 'gpt-4.1', {
        prompt_tokens: 1_000_000,
        completion_tokens: 100_000,
        total_tokens: 1_100_000,
      }),
    );
    await appendLedgerLine(
      ledger,
      line('2026-11-23T08:00:00+09:00', 'gpt4', {
        prompt_tokens: 500_000,
        completion_tokens: 0,
        total_tokens: 500_000,
        cached_tokens: 500_000,
      }),
    );
    await appendLedgerLine(
      ledger,
      line('2026-11-23T10:00:00Z', 'deepseek-v3.2', {
        prompt_tokens: 1_000_000,
        completion_tokens: 1_000_000,
        total_tokens: 2_000_000,
        reasoning_tokens: 900_000,
      }),
    );
    await appendLedgerLine(
      ledger,
      line('2026-11-23T11:00:00Z', 'my-local-llama', {
        prompt_tokens: 10,
        completion_tokens: 10,
        total_tokens: 20,
      }),
    );
    await appendLedgerLine(ledger, line('2026-11-23T12:00:00Z', null, null, 'timeout'));
    writeFileSync(ledger, `${readFileSync(ledger, 'utf8')}{"ts":"2026-11-23T13:0`);
    const env = { XDG_DATA_HOME: data };
    const { code, doc, err } = await json(['--from', 'usage', '--budget', '5'], env);
    expect(code).toBe(0);
    expect(doc.rows).toMatchObject([
      { model: 'deepseek-v3.2', requests: 1, total_usd: 0.7, tokens: { reasoning: 900_000 } },
      {
        model: 'gpt-4.1',
        requests: 2,
        input_usd: 2,
        cached_input_usd: 0.25,
        output_usd: 0.8,
        total_usd: 3.05,
      },
      { model: 'my-local-llama', priced: false, total_usd: null },
    ]);
    expect(doc.total_usd).toBe(3.75);
    expect(doc.days).toEqual([
      {
        day: '2026-11-22',
        requests: 2,
        tokens: { input: 1_500_000, cached_input: 500_000, output: 100_000, reasoning: 0 },
        total_usd: 3.05,
        unpriced_requests: 0,
      },
      {
        day: '2026-11-23',
        requests: 2,
        tokens: { input: 1_000_010, cached_input: 0, output: 1_000_010, reasoning: 900_000 },
        total_usd: 0.7,
        unpriced_requests: 1,
      },
    ]);
    expect(doc).toMatchObject({ budget_usd: 5, over_budget: false });
    expect(err).toContain('skipped 1 unreadable line');
    expect(err).toContain('my-local-llama has no price');
    const table = await run(['--from', 'usage'], env);
    expect(table.out).toContain('day (UTC)');
    expect(table.out).toContain('Total: $3.75 (1 unpriced model left out)');
    const over = await run(['--from', 'usage', '--budget', '3'], env);
    expect(over.code).toBe(1);
    expect(over.err).toContain('the cost of $3.75 is over the budget of $3.00');
  });

  it('treats a missing ledger as no usage yet', async () => {
    const { code, doc, err } = await json(['--from', 'usage'], { XDG_DATA_HOME: tempDir() });
    expect(code).toBe(0);
    expect(doc.rows).toEqual([]);
    expect(doc.total_usd).toBe(0); // nothing used is a true zero (unpriced usage never is)
    expect(err).toContain('no usage recorded yet');
  });

  it('refuses unknown, missing and invalid files with exit 2, naming the file', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'health.json'),
      JSON.stringify({ schema: 'shepherd.health/v1', models: [] }),
    );
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    writeFileSync(join(dir, 'empty.json'), '');
    for (const [file, message] of [
      ['health.json', 'schema "shepherd.health/v1"; expected a bench result'],
      ['missing.json', `cannot read ${join(dir, 'missing.json')} (no such file)`],
      ['notes.txt', 'notes.txt: not a bench result'],
      ['empty.json', 'empty.json: the file is empty'],
    ]) {
      const r = await run(['--from', file!], {}, dir);
      expect(r.code, file).toBe(2);
      expect(r.err).toContain(message);
    }
    const mixed = await run(['--from', 'usage', '--period', 'day']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('run it without --period');
  });
});

describe('usage ledger', () => {
  it("builds a line from a chain result: models tried, the answering model's usage, no content", () => {
    const attempt = (model: string, outcome: 'ok' | 'rate_limited') => ({
      model,
      modelId: model,
      gateway: 'default',
      baseUrl: 'http://x/v1',
      stream: true,
      startedAtWall: 0,
      start: 0,
      end: 10,
      contentTimes: [],
      outcome,
      contentChunks: 0,
      reasoningChunks: 0,
      badChunks: 0,
      content: 'SECRET ANSWER',
      reasoning: '',
      delivered: 0,
      ...(outcome === 'ok' && {
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, cached_tokens: 1 },
      }),
    });
    const ok = attempt('gpt-5', 'ok');
    const chain = {
      ok: true,
      final: ok,
      attempts: [attempt('gpt-4.1', 'rate_limited'), ok],
      classes: ['rate_limited' as const],
      fallbackUsed: true,
      skipped: [],
    };
    const line = ledgerLineFor(chain, {
      startedAtWall: Date.UTC(2026, 10, 23, 9),
      latencyMs: 812.4,
      costUsd: 0.00004,
    });
    expect(line).toEqual({
      ts: '2026-11-23T09:00:00.000Z',
      models_tried: ['gpt-4.1', 'gpt-5'],
      model: 'gpt-5',
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, cached_tokens: 1 },
      cost_usd: 0.00004,
      latency_ms: 812,
      outcome: 'ok',
    });
    expect(JSON.stringify(line)).not.toContain('SECRET');
    const failed = ledgerLineFor(
      {
        ok: false,
        attempts: [attempt('gpt-4.1', 'rate_limited')],
        classes: ['rate_limited'],
        error: { class: 'rate_limited', message: 'x' },
        fallbackUsed: false,
        skipped: [],
      },
      { startedAtWall: 0, latencyMs: 5, costUsd: null },
    );
    expect(failed).toMatchObject({
      model: null,
      usage: null,
      cost_usd: null,
      outcome: 'rate_limited',
    });
  });

  it('appends whitelisted fields only, one line per call, and reads them back', async () => {
    const file = join(tempDir(), 'deep', 'dir', 'usage.jsonl');
    const withExtras = {
      ...line('2026-11-23T10:00:00.000Z', 'gpt-4.1', {
        prompt_tokens: 5,
        completion_tokens: 2,
        total_tokens: 7,
      }),
      prompt: 'PROMPT',
      content: 'ANSWER',
    };
    await appendLedgerLine(file, withExtras as LedgerLine);
    await appendLedgerLine(file, line('2026-11-23T10:01:00.000Z', null, null, 'auth'));
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('PROMPT');
    expect(text).not.toContain('ANSWER');
    expect(text.split('\n')).toHaveLength(3);
    const parsed = parseLedger(text);
    expect(parsed.bad).toEqual([]);
    expect(parsed.lines[0]).toEqual(
      line('2026-11-23T10:00:00.000Z', 'gpt-4.1', {
        prompt_tokens: 5,
        completion_tokens: 2,
        total_tokens: 7,
      }),
    );
    expect(parsed.lines[1]).toMatchObject({ model: null, usage: null, outcome: 'auth' });
  });
});

describe('shepherd cost --from on documents built by chat', () => {
  it('prices what chatDocument() writes, cached and reasoning included', async () => {
    const { chatDocument } = await import('../../src/chat/chat-document.js');
    const { catalogueSettings } = await import('./helpers.js');
    const attempt = {
      model: 'claude-sonnet-4.5',
      modelId: 'anthropic/claude-sonnet-4.5',
      gateway: 'default',
      baseUrl: 'http://127.0.0.1:1/v1',
      stream: true,
      startedAtWall: Date.UTC(2026, 10, 23),
      start: 0,
      firstToken: 100,
      end: 900,
      contentTimes: [100],
      outcome: 'ok' as const,
      usage: {
        prompt_tokens: 20_000,
        completion_tokens: 2_000,
        total_tokens: 22_000,
        cached_tokens: 15_000,
        reasoning_tokens: 1_500,
      },
      tokensSource: 'usage' as const,
      contentChunks: 1,
      reasoningChunks: 0,
      badChunks: 0,
      content: 'hi',
      reasoning: '',
      finishReason: 'stop',
      delivered: 2,
    };
    const settings = catalogueSettings();
    const doc = chatDocument(
      {
        ok: true,
        final: attempt,
        attempts: [attempt],
        classes: [],
        fallbackUsed: false,
        skipped: [],
      },
      settings,
      {
        start: 0,
        end: 900,
        interrupted: false,
      },
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'chat.json'), JSON.stringify(doc));
    const r = await json(['--from', 'chat.json'], {}, dir);
    expect(r.code).toBe(0);
    // 5,000 × $3 + 15,000 × $0.30 + 2,000 × $15 per 1M = 0.015 + 0.0045 + 0.03
    expect(r.doc.rows).toMatchObject([
      {
        model: 'claude-sonnet-4.5',
        input_usd: 0.015,
        cached_input_usd: 0.0045,
        output_usd: 0.03,
        total_usd: 0.0495,
      },
    ]);
    expect(r.doc.tokens.reasoning).toBe(1_500);
    expect(r.doc.total_usd).toBe(doc.cost_usd); // chat and cost agree to the micro-dollar
  });
});

describe('shepherd cost --simulate --from usage', () => {
  it('prices the simulated ledger that chat --simulate writes, not the real one', async () => {
    const data = tempDir();
    await appendLedgerLine(
      join(data, 'shepherd', 'usage-simulate.jsonl'),
      line('2026-11-23T10:00:00Z', 'gpt-4.1', {
        prompt_tokens: 1_000_000,
        completion_tokens: 0,
        total_tokens: 1_000_000,
      }),
    );
    const sim = await json(['--simulate', '--from', 'usage'], { XDG_DATA_HOME: data });
    expect(sim.doc.total_usd).toBe(2);
    const real = await json(['--from', 'usage'], { XDG_DATA_HOME: data });
    expect(real.doc.total_usd).toBe(0);
  });
});

describe('shepherd cost --from a bench run whose gateway sent no usage', () => {
  it('prices the counted output as a lower bound, never as $0 with a clean bill', async () => {
    const { TargetStats } = await import('../../src/bench/stats.js');
    const { buildBenchResult } = await import('../../src/bench/result.js');
    const { attempt } = await import('../bench/helpers.js');
    const stats = new TargetStats({ name: 'gpt-4.1', model: 'gpt-4.1', baseUrl: 'http://gw/v1' });
    // two answers without a usage block (500 content chunks each), one with usage
    stats.record(attempt({ model: 'gpt-4.1', contentChunks: 500 }));
    stats.record(attempt({ model: 'gpt-4.1', contentChunks: 500 }));
    stats.record(
      attempt({
        model: 'gpt-4.1',
        contentChunks: 100,
        usage: { prompt_tokens: 1_000, completion_tokens: 100, total_tokens: 1_100 },
      }),
    );
    const doc = buildBenchResult({
      startedAtWall: Date.UTC(2026, 10, 23),
      durationS: 10,
      version: '0.1.0',
      load: { mode: 'closed', concurrency: 1, warmup: null, shard: null },
      targets: [stats.toJSON(null)],
      eventLoopLagMs: { p99: 1, max: 1 },
      warnings: [],
    });
    const dir = tempDir();
    writeFileSync(join(dir, 'run.json'), JSON.stringify(doc));
    const r = await json(['--from', 'run.json'], {}, dir);
    expect(r.code).toBe(0);
    // 1,000 input × $2 + 1,100 output × $8 per 1M
    expect(r.doc.rows[0]).toMatchObject({
      model: 'gpt-4.1',
      estimated: true,
      tokens: { input: 1_000, output: 1_100 },
      total_usd: 0.0108,
    });
    expect(r.err).toMatch(/came without a usage block .* lower bound/);
  });
});

describe('shepherd cost --from: answers that came without usage', () => {
  it('warns (even with --quiet) that answered calls without usage leave the total a lower bound', async () => {
    const data = tempDir();
    const ledger = join(data, 'shepherd', 'usage.jsonl');
    await appendLedgerLine(
      ledger,
      line('2026-11-23T10:00:00Z', 'gpt-4.1', {
        prompt_tokens: 1_000_000,
        completion_tokens: 0,
        total_tokens: 1_000_000,
      }),
    );
    await appendLedgerLine(ledger, line('2026-11-23T11:00:00Z', 'gpt-4.1', null));
    await appendLedgerLine(ledger, line('2026-11-23T12:00:00Z', null, null, 'timeout'));
    const r = await json(['--from', 'usage', '--quiet'], { XDG_DATA_HOME: data });
    expect(r.code).toBe(0);
    expect(r.doc.total_usd).toBe(2);
    expect(r.err).toMatch(/warning: 1 answered call came without a usage block .* lower bound/);
    expect(r.doc.warnings.join('\n')).toMatch(/lower bound/);
    const loud = await run(['--from', 'usage'], { XDG_DATA_HOME: data });
    expect(loud.err).toContain('note: 1 failed call without usage is not priced');
  });

  it('warns when a chat answer came without usage, rather than a quiet $0', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answer.json'), JSON.stringify({ ...chatDoc, usage: null }));
    const r = await json(['--from', 'answer.json', '--quiet'], {}, dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*gpt-5 answered but the gateway sent no usage block/);
  });
});
