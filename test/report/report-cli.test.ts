import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useChatEnv } from '../helpers/chat-env.js';
import type { BenchResult } from '../../src/bench/result-types.js';
import { fixtureRun } from './run-fixture.js';
import { externalReferences, pageData } from './page-data.js';

const env = useChatEnv();
const SWEEP = join(import.meta.dirname, '../fixtures/sweep-concurrency.json');

let dir: string;
let shardFiles: string[];
let wholeDoc: BenchResult;

beforeAll(async () => {
  const e = await env();
  dir = join(e.home, 'results');
  mkdirSync(dir, { recursive: true });
  wholeDoc = await fixtureRun();
  const shards = [
    await fixtureRun({ shard: { index: 1, count: 2 } }),
    await fixtureRun({ shard: { index: 2, count: 2 } }),
  ];
  shardFiles = shards.map((s, i) => {
    const f = join(dir, `shard-${i + 1}.json`);
    writeFileSync(f, JSON.stringify(s));
    return f;
  });
  writeFileSync(join(dir, 'whole.json'), JSON.stringify(wholeDoc));
});

describe('shepherd bench report', () => {
  it('two shard files make the same charts as the run in one piece, in one self-contained file', async () => {
    const e = await env();
    const a = await e.run(['bench', 'report', ...shardFiles, '--out', join(dir, 'merged.html')]);
    expect(a.stderr).toBe(`wrote ${join(dir, 'merged.html')}\n`);
    expect(a.code).toBe(0);
    const b = await e.run([
      'bench',
      'report',
      join(dir, 'whole.json'),
      '--out',
      join(dir, 'whole.html'),
    ]);
    expect(b.code).toBe(0);
    const merged = readFileSync(join(dir, 'merged.html'), 'utf8');
    const one = readFileSync(join(dir, 'whole.html'), 'utf8');
    expect(pageData(merged)).toEqual(pageData(one));
    expect(pageData(one).sections.map((s) => s.id)).toEqual(['distributions', 'over-time']);
    for (const html of [merged, one]) {
      expect(externalReferences(html)).toEqual([]);
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<meta charset="utf-8">');
    }
    // the header names where the data came from; the merged one lists both shards
    expect(merged).toContain('shard-1.json, ');
    // merged shards carry no verdicts; --slo judges the merged figures
    expect(merged).toContain('No SLO was given');
    const judged = await e.run([
      'bench',
      'report',
      ...shardFiles,
      '--slo',
      'p95<60s,success>=99.9%',
      '--out',
      join(dir, 'slo.html'),
    ]);
    expect(judged.code).toBe(0);
    const slo = readFileSync(join(dir, 'slo.html'), 'utf8');
    expect(slo).toContain('4 of 6 met'); // p95 met by all three; success only by deepseek-v3.2, the one without errors
    expect(slo).toMatch(/✗ violated<\/span><\/td><td>gpt-4\.1<\/td><td><code>success&gt;=99\.9%/);
    expect(merged).toMatch(/written by<\/dt><dd>shepherd 0\.1\.0/);
  });

  it('a sweep, a baseline, and every block above the charts', async () => {
    const e = await env();
    const out = join(dir, 'all.html');
    const r = await e.run([
      'bench',
      'report',
      shardFiles[0]!,
      SWEEP,
      '--baseline',
      join(dir, 'whole.json'),
      '--max-regression',
      '5%',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe(`wrote ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(pageData(html).sections.map((s) => s.id)).toEqual([
      'distributions',
      'over-time',
      'baseline',
      'sweep',
    ]);
    for (const text of [
      'Settings',
      'Client health',
      'SLO',
      'Figures',
      'Baseline',
      'threshold 5%',
      'Sweep',
      'capacity (load)',
    ])
      expect(html).toContain(text);
    expect(externalReferences(html)).toEqual([]);
  });

  it('escapes names, so a target cannot end the inline data or script', async () => {
    const e = await env();
    const hostile = JSON.parse(JSON.stringify(wholeDoc)) as BenchResult;
    hostile.targets[0]!.name = '</script><img src=https://evil.example/x.png>';
    const f = join(dir, 'hostile.json');
    writeFileSync(f, JSON.stringify(hostile));
    const r = await e.run(['bench', 'report', f, '--out', join(dir, 'hostile.html')]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'hostile.html'), 'utf8');
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toContain('</script><img');
    expect(pageData(html).sections[0]!.charts.length).toBe(3);
  });

  it('usage errors: no --out, a file that is not a result, a sweep as baseline, a directory', async () => {
    const e = await env();
    writeFileSync(join(dir, 'chat.json'), JSON.stringify({ schema: 'shepherd.chat/v1' }));
    const cases: [string[], RegExp][] = [
      [['bench', 'report', shardFiles[0]!], /bench report needs --out FILE\.html/],
      [
        ['bench', 'report', join(dir, 'chat.json'), '--out', 'x.html'],
        /chat\.json: not a shepherd result \(schema "shepherd\.chat\/v1"\)/,
      ],
      [
        ['bench', 'report', join(dir, 'missing.json'), '--out', 'x.html'],
        /missing\.json: cannot read it \(ENOENT\)/,
      ],
      [
        ['bench', 'report', shardFiles[0]!, '--baseline', SWEEP, '--out', 'x.html'],
        /a sweep cannot be a baseline/,
      ],
      [
        ['bench', 'report', SWEEP, '--baseline', shardFiles[0]!, '--out', 'x.html'],
        /--baseline compares a bench run/,
      ],
      [['bench', 'report', shardFiles[0]!, '--out', dir], /--out: .* is a directory/],
      [
        ['bench', '-c', '3', 'report', shardFiles[0]!, '--out', 'x.html'],
        /bench report does not take -c|--concurrency/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await e.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
});

describe('shepherd bench --report', () => {
  it('writes the report of the run it just measured, over real HTTP', async () => {
    const e = await env();
    const out = join(dir, 'run.html');
    const r = await e.run([
      'bench',
      '-m',
      'a,b',
      '-n',
      '12',
      '-c',
      '2',
      '--no-tui',
      '--report',
      out,
      '--slo',
      'success>=50%',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    const ids = pageData(html).sections.flatMap((s) => s.charts.map((c) => c.id));
    expect(ids).toEqual([
      'cdf-latency',
      'cdf-ttft',
      'cdf-itl',
      'latency-over-time',
      'ttft-over-time',
      'throughput-over-time',
      'tokens-over-time',
      'errors-over-time',
    ]);
    expect(html).toContain('success&gt;=50%');
    expect(externalReferences(html)).toEqual([]);
    // piped (not a terminal): no escape codes anywhere
    expect(r.stdout + r.stderr).not.toContain('\u001b');
  });

  it('with --baseline, the report overlays the baseline and charts the deltas', async () => {
    const e = await env();
    const base = join(dir, 'base-run.json');
    const first = await e.run(['bench', '-m', 'a', '-n', '12', '--no-tui', '--out', base]);
    expect(first.code).toBe(0);
    const out = join(dir, 'vs-base.html');
    const r = await e.run([
      'bench',
      '-m',
      'a',
      '-n',
      '12',
      '--no-tui',
      '--baseline',
      base,
      '--report',
      out,
      '--max-regression',
      '1000%',
    ]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const data = pageData(html);
    expect(data.sections.map((s) => s.id)).toEqual(['distributions', 'over-time', 'baseline']);
    expect(html).toContain('a (baseline)');
    expect(html).toContain('threshold 1000%');
  });

  it('with --sweep, the report is the sweep: throughput against load, latency against throughput', async () => {
    const e = await env();
    const out = join(dir, 'sweep-run.html');
    const r = await e.run([
      'bench',
      '-m',
      'a,b',
      '--sweep',
      'concurrency=1..4',
      '-n',
      '4',
      '--no-tui',
      '--report',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    const charts = pageData(html).sections.flatMap((s) => s.charts.map((c) => c.id));
    expect(charts).toEqual(['sweep-throughput', 'sweep-ttft', 'sweep-latency']);
    expect(html).toContain('concurrency 1..4');
    expect(externalReferences(html)).toEqual([]);
  });

  it('a --report path that is a directory is refused before anything is sent', async () => {
    const e = await env();
    const r = await e.run(['bench', '-m', 'a', '-n', '3', '--report', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report: .* is a directory/);
    expect(e.sim.log).toHaveLength(0);
  });
});
