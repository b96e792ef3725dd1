import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
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

describe('shepherd cost: estimates', () => {
  it('prices 10M tokens at 75% input on gpt-4.1: $15 + $20 = $35 per month', async () => {
    const { code, doc } = await json(['--tokens', '10M', '--models', 'gpt-4.1']);
    expect(code).toBe(0);
    expect(doc).toMatchObject({
      schema: 'shepherd.cost/v1',
      mode: 'single',
      period: 'month',
      tokens: { input: 7_500_000, cached_input: 0, output: 2_500_000 },
      rows: [
        {
          model: 'gpt-4.1',
          priced: true,
          input_usd: 15,
          cached_input_usd: 0,
          output_usd: 20,
          total_usd: 35,
        },
      ],
      total_usd: 35,
      projection: { day_usd: 1.150685, month_usd: 35, year_usd: 420 },
    });
  });

  it('prints a table with units in the headers', async () => {
    const { code, out } = await run(['--tokens', '10M', '-m', 'gpt4']);
    expect(code).toBe(0);
    expect(out).toContain('total (USD/month)');
    expect(out).toContain('total (USD/year)');
    expect(out).toMatch(/gpt-4\.1 .*\$15\.00 .*\$20\.00 .*\$35\.00/);
    expect(out).toContain('Total: $35.00/month');
  });

  it('takes --input/--output, --cached-share and --period day', async () => {
    const { doc } = await json([
      '--input',
      '1M',
      '--output',
      '250k',
      '--cached-share',
      '40%',
      '-m',
      'gpt-4.1',
      '--period',
      'day',
    ]);
    expect(doc.period).toBe('day');
    expect(doc.tokens).toMatchObject({ input: 1_000_000, cached_input: 400_000, output: 250_000 });
    expect(doc.rows[0]).toMatchObject({
      input_usd: 1.2,
      cached_input_usd: 0.2,
      output_usd: 2,
      total_usd: 3.4,
    });
    expect(doc.projection).toEqual({ day_usd: 3.4, month_usd: 103.416667, year_usd: 1241 });
  });

  it('compares models side by side with savings vs a baseline', async () => {
    const { code, doc, out } = await json([
      '--tokens',
      '10M',
      '--models',
      'gpt-4.1,deepseek-v3.2',
      '--baseline',
      'claude-sonnet-4.5',
    ]);
    expect(code).toBe(0);
    expect(out).not.toContain('Cheapest');
    expect(doc.mode).toBe('compare');
    expect(doc.rows).toMatchObject([
      { model: 'gpt-4.1', total_usd: 35, savings_usd: 25, savings_pct: 41.67 },
      { model: 'deepseek-v3.2', total_usd: 3.15, savings_usd: 56.85, savings_pct: 94.75 },
    ]);
    expect(doc.baseline).toEqual({ model: 'claude-sonnet-4.5', total_usd: 60 });
    expect(doc.total_usd).toBe(35); // alternatives: the most expensive one
  });

  it('prices a routed mix, with savings of the mix vs the baseline', async () => {
    const { doc } = await json([
      '--tokens',
      '10M',
      '--mix',
      'gpt-4.1=20%,deepseek-v3.2=80%',
      '--baseline',
      'gpt-4.1',
    ]);
    expect(doc.mode).toBe('mix');
    expect(doc.rows).toMatchObject([
      {
        model: 'gpt-4.1',
        share: 0.2,
        total_usd: 7,
        savings_usd: 0,
        tokens: { input: 1_500_000, output: 500_000 },
      },
      { model: 'deepseek-v3.2', share: 0.8, total_usd: 2.52, savings_usd: 25.48 },
    ]);
    expect(doc.total_usd).toBe(9.52);
    expect(doc.baseline).toEqual({
      model: 'gpt-4.1',
      total_usd: 35,
      savings_usd: 25.48,
      savings_pct: 72.8,
    });
  });

  it('refuses a mix whose shares do not add up to 100%', async () => {
    const { code, err, out } = await run([
      '--tokens',
      '10M',
      '--mix',
      'gpt-4.1=20%,deepseek-v3.2=70%',
    ]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      'shepherd: --mix: shares add up to 90%, they must add up to 100% (see shepherd cost --help)\n',
    );
  });

  it('shows an unpriced model as unpriced, never $0, and leaves it out of the total', async () => {
    const { code, doc, err } = await json([
      '--tokens',
      '1M',
      '--mix',
      'gpt-4.1=50%,my-local-llama=50%',
    ]);
    expect(code).toBe(0);
    expect(doc.rows[1]).toMatchObject({
      model: 'my-local-llama',
      priced: false,
      total_usd: null,
      input_usd: null,
    });
    expect(doc.total_usd).toBe(1.75);
    expect(err).toContain('warning: my-local-llama has no price');
    const table = await run(['--tokens', '1M', '--models', 'my-local-llama', '--quiet']);
    expect(table.out).toContain('unpriced');
    expect(table.out).not.toContain('$0.00');
    expect(table.err).toContain('warning: my-local-llama has no price'); // --quiet keeps warnings
  });

  it('exits 1 over budget and 0 within it', async () => {
    const over = await json(['--tokens', '10M', '-m', 'gpt-4.1', '--budget', '30']);
    expect(over.code).toBe(1);
    expect(over.doc).toMatchObject({ budget_usd: 30, over_budget: true, total_usd: 35 });
    expect(over.err).toContain(
      '--budget: the estimate of $35.00/month is over the budget of $30.00/month',
    );
    const within = await run(['--tokens', '10M', '-m', 'gpt-4.1', '--budget', '$35']);
    expect(within.code).toBe(0);
    expect(within.out).toContain('Budget $35.00/month: within it');
    const compare = await json([
      '--tokens',
      '10M',
      '-m',
      'gpt-4.1,deepseek-v3.2',
      '--budget',
      '10',
    ]);
    expect(compare.code).toBe(1);
    expect(compare.doc.rows.map((r: any) => r.over_budget)).toEqual([true, false]);
  });

  it('refuses a --requests volume too large to count exactly', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.txt'), 'Hello there');
    const r = await run(
      ['--requests', '1T', '--prompt-file', 'p.txt', '--max-tokens', '1T'],
      {},
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^shepherd: --requests 1T: the volume is over 9,007,199,254,740,991 tokens/,
    );
    expect(r.out).toBe('');
  });

  it('says a budget it is within leaves unpriced models out', async () => {
    const r = await run([
      '--tokens',
      '10M',
      '--mix',
      'gpt-4.1=20%,my-llama=80%',
      '--budget',
      '100',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Budget $100.00/month: within it, $93.00 left (unpriced models not counted)',
    );
    const priced = await run(['--tokens', '10M', '-m', 'gpt-4.1', '--budget', '100']);
    expect(priced.out).not.toContain('not counted');
  });

  it('names the flag of a bad value and exits 2', async () => {
    for (const [args, message] of [
      [['--tokens', 'lots'], "--tokens: 'lots' is not a whole number of tokens"],
      [['--tokens', '1M', '--input-share', '1.5'], "--input-share: '1.5' is not a share"],
      [['--tokens', '1M', '--period', 'week'], "--period: 'week' is not a period"],
      [['--tokens', '1M', '--budget', 'ten'], "--budget: 'ten' is not an amount in USD"],
      [['--tokens', '1M', '--baseline', 'nope'], '--baseline: nope has no price'],
      [[], 'say what to price'],
      [['--tokens', '1M', '--input', '5'], 'give one volume'],
      [['--tokens', '1M', '--models', 'a', '--mix', 'a=100%'], 'use one'],
    ] as const) {
      const r = await run([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
    }
  });

  it('estimates a workload from a real prompt, saying it is an estimate', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'prompt.txt'), 'hello world, this is a test');
    const { code, doc, err } = await json(
      ['--requests', '1000', '--prompt-file', 'prompt.txt', '--max-tokens', '100', '-m', 'gpt-4.1'],
      {},
      dir,
    );
    expect(code).toBe(0);
    expect(doc.estimate).toMatchObject({
      requests: 1000,
      prompt_tokens_per_request: 7,
      max_tokens: 100,
    });
    expect(doc.tokens).toMatchObject({ input: 7000, output: 100_000 });
    expect(doc.total_usd).toBe(0.814);
    expect(err).toContain('estimate');
    const missing = await run(
      ['--requests', '10', '--prompt-file', 'nope.txt', '--max-tokens', '5'],
      {},
      dir,
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--prompt-file: cannot read');
  });
});

describe('shepherd cost --prices', () => {
  afterEach(() => vi.useRealTimers());

  it('lists the table with units, and no warning while prices are fresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T12:00:00Z'));
    const { code, out, err } = await run(['--prices', '--wide']);
    expect(code).toBe(0);
    expect(out).toContain('input ($/M)');
    expect(out).toContain('context (tokens)');
    expect(out).toMatch(/deepseek-v3\.2 .*\$0\.28 .*\$0\.028 .*\$0\.42 .*128,000 .*2026-11-23/);
    expect(err).toBe('');
  });

  it('warns when the prices are older than 90 days', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-01T12:00:00Z'));
    const { code, doc, err } = await json(['--prices', '--quiet']);
    expect(code).toBe(0);
    expect(doc.schema).toBe('shepherd.prices/v1');
    expect(doc.models.find((m: any) => m.model === 'gpt-4.1')).toMatchObject({
      input: 2,
      cached_input: 0.5,
      output: 8,
      context_window: 1047576,
    });
    expect(err).toContain('warning: prices of 8 models are 98 days old (as of 2026-11-23');
  });
});

describe('shepherd cost with a config file', () => {
  it('merges config price overrides and new models into the table and the estimate', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'shepherd.config.json'),
      JSON.stringify({
        models: {
          'gpt-4.1': { price: { input: 2.2, output: 8.8 } },
          'my-llama': { id: 'local/llama', price: { input: 0.1, output: 0.2 } },
        },
      }),
    );
    const prices = await json(['--prices'], {}, dir);
    expect(prices.code).toBe(0);
    const gpt = prices.doc.models.find((m: any) => m.model === 'gpt-4.1');
    expect(gpt).toMatchObject({ input: 2.2, cached_input: 0.5, output: 8.8 });
    expect(gpt.source).toContain('config');
    expect(prices.doc.models.find((m: any) => m.model === 'my-llama')).toMatchObject({
      input: 0.1,
      output: 0.2,
    });
    const est = await json(['--tokens', '10M', '--models', 'gpt-4.1,local/llama'], {}, dir);
    expect(est.doc.rows).toMatchObject([
      { model: 'gpt-4.1', total_usd: 38.5 },
      { model: 'my-llama', total_usd: 1.25 },
    ]);
  });

  it('exits 2 on an invalid config file', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'shepherd.config.json'),
      '{"models": {"gpt-4.1": {"price": {"input": "cheap"}}}}',
    );
    const r = await run(['--tokens', '1M'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('shepherd.config.json');
  });
});

describe('shepherd cost: flag combinations and --quiet', () => {
  it('lists only the named models with --prices --models, and refuses estimate flags there', async () => {
    const { doc } = await json(['--prices', '--models', 'sonnet,nope']);
    expect(doc.models.map((m: any) => [m.model, m.priced])).toEqual([
      ['claude-sonnet-4.5', true],
      ['nope', false],
    ]);
    const r = await run(['--prices', '--budget', '5']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--prices lists the price table; run it without --budget');
  });

  it('silences notes (stale prices) but not warnings (unpriced) with --quiet', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-06-01T00:00:00Z'));
    try {
      const args = ['--tokens', '1M', '--models', 'gpt-4.1,mystery'];
      const loud = await run(args);
      expect(loud.err).toContain('note: the price of gpt-4.1 is 190 days old');
      const quiet = await run([...args, '--quiet']);
      expect(quiet.err).not.toContain('note: ');
      expect(quiet.err).toContain('warning: mystery has no price');
    } finally {
      vi.useRealTimers();
    }
  });
});
