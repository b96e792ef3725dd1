import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { Corpus } from '../../../src/bench/workload/corpus.js';
import { countingGateway } from './counting-gateway.js';
import { benchAt } from './run-cli.js';

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const expand = (counts: Record<string, number>): number[] =>
  sorted(Object.entries(counts).flatMap(([v, n]) => Array<number>(n).fill(Number(v))));

describe('--input-tokens: prompts exact to the token under o200k', () => {
  it.each([
    ['1000', (n: number) => n === 1000],
    ['1..40', (n: number) => n >= 1 && n <= 40],
    ['normal:300,120', (n: number) => n >= 1],
    ['lognormal:200,0.8', (n: number) => n >= 1],
  ])('%s: every request counts exactly what the result says it sent', async (spec, inRange) => {
    const gw = await countingGateway();
    const r = await benchAt(gw, '-n', '12', '-c', '3', '--input-tokens', spec, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(gw.received).toHaveLength(12);
    const counted = gw.received.map((x) => x.promptTokens);
    expect(counted.every(inRange)).toBe(true);
    const t = r.doc.targets[0];
    // What shepherd recorded as sent is, request for request, what the server counted.
    expect(expand(t.lengths.input_sent.counts)).toEqual(sorted(counted));
    expect(expand(t.lengths.input_got.counts)).toEqual(sorted(counted));
    expect(r.doc.load.workload).toMatchObject({
      source: 'synthetic',
      tokenizer: 'o200k_base',
      input_tokens: spec,
    });
    // Prompts are distinct (a unique heading each), so no request reuses another's prefix.
    expect(new Set(gw.received.map((x) => x.body.messages[0]?.content)).size).toBe(12);
  });

  it('the same seed sends the same prompts; another seed other ones', async () => {
    const a = await countingGateway();
    const b = await countingGateway();
    const c = await countingGateway();
    const args = (seed: string) => [
      '-n',
      '4',
      '-c',
      '1',
      '--input-tokens',
      '50..80',
      '--seed',
      seed,
      '--json',
    ];
    await benchAt(a, ...args('7'));
    await benchAt(b, ...args('7'));
    await benchAt(c, ...args('8'));
    const texts = (g: typeof a) => g.received.map((x) => x.body.messages[0]?.content);
    expect(texts(b)).toEqual(texts(a));
    expect(texts(c)).not.toEqual(texts(a));
  });

  it('--output-tokens sets max_tokens per request; --exact-output adds min_tokens and ignore_eos', async () => {
    const gw = await countingGateway();
    const r = await benchAt(
      gw,
      '-n',
      '10',
      '-c',
      '2',
      '--output-tokens',
      '100..110',
      '--exact-output',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    for (const { body } of gw.received) {
      expect(body.max_tokens).toBeGreaterThanOrEqual(100);
      expect(body.max_tokens).toBeLessThanOrEqual(110);
      expect(body.min_tokens).toBe(body.max_tokens);
      expect(body.ignore_eos).toBe(true);
    }
    const asked = r.doc.targets[0].lengths.output_asked;
    expect(expand(asked.counts)).toEqual(
      sorted(gw.received.map((x) => x.body.max_tokens as number)),
    );
    expect(r.doc.load.workload).toMatchObject({ output_tokens: '100..110', exact_output: true });
  });

  it('without --exact-output neither min_tokens nor ignore_eos is sent', async () => {
    const gw = await countingGateway();
    await benchAt(gw, '-n', '2', '--output-tokens', '20', '--json');
    expect(
      gw.received.map((x) => [x.body.max_tokens, x.body.min_tokens, x.body.ignore_eos]),
    ).toEqual([
      [20, undefined, undefined],
      [20, undefined, undefined],
    ]);
  });

  it.each([
    [['--input-tokens', '0'], /--input-tokens: '0' needs counts from 1/],
    [['--input-tokens', '9..3'], /LO above HI/],
    [['--input-tokens', 'normal:5'], /--input-tokens: 'normal:5' needs a standard deviation/],
    [['--output-tokens', 'gauss:4,1'], /--output-tokens: 'gauss:4,1' is not a token count/],
    [
      ['--input-tokens', '10', '--prompt', 'hi'],
      /--input-tokens .* or --prompt\/--prompts, not both/,
    ],
    [['--output-tokens', '10', '--max-tokens', '5'], /--output-tokens or --max-tokens, not both/],
  ])('bad specs are usage errors before anything is sent (%#)', async (extra, message) => {
    const gw = await countingGateway();
    const r = await benchAt(gw, '-n', '2', ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(gw.received).toHaveLength(0);
  });
});

describe('a broken install: the shipped corpus cannot be read', () => {
  it.each([
    ['missing', ['--input-tokens', '100'], 'ENOENT'],
    ['missing', ['--trace', 'fixtures/traces/sample-mooncake.jsonl'], 'ENOENT'],
    ['a directory', ['--input-tokens', '100'], 'EISDIR'],
  ])(
    'prose.txt %s (%j): one line naming it, reinstall, exit 2, nothing sent',
    async (_, flags, code) => {
      // An install without the corpus: Corpus.load reads from a package root that lacks it.
      const root = mkdtempSync(join(tmpdir(), 'shepherd-no-corpus-'));
      const file = join(root, 'fixtures/corpus/prose.txt');
      if (code === 'EISDIR') mkdirSync(file, { recursive: true });
      const load = Corpus.load.bind(Corpus);
      const spy = vi.spyOn(Corpus, 'load').mockImplementation((tok) => load(tok, root));
      onTestFinished(() => spy.mockRestore());
      const gw = await countingGateway();
      const r = await benchAt(gw, '-n', '2', ...flags);
      expect(spy).toHaveBeenCalled();
      expect(r.stderr).toBe(
        `shepherd: cannot read the shipped text corpus ${file} (${code}); this install of llm-shepherd is incomplete: reinstall llm-shepherd\n`,
      );
      expect(r.code).toBe(2);
      expect(gw.received).toHaveLength(0);
    },
  );
});
