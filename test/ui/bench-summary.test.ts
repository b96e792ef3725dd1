import { describe, expect, it } from 'vitest';
import {
  formatSloValue,
  renderBenchNotes,
  renderBenchSummary,
  renderSummaryTables,
} from '../../src/ui/bench-summary.js';
import { stripAnsi } from '../../src/ui/color.js';
import { resultFor, TWO_TARGETS, type TargetPlan } from './helpers.js';

const ESC = '\u001b';
const width = (text: string) =>
  Math.max(
    ...stripAnsi(text)
      .split('\n')
      .map((l) => [...l].length),
  );

const FOUR: TargetPlan[] = [
  ...TWO_TARGETS,
  { name: 'deepseek-v3.2', ok: 30, chunks: true },
  { name: 'gemini-2.5-pro', ok: 40, latency: 1500 },
];

describe('renderBenchSummary', () => {
  it('shows one row per target with every figure under a unit header when wide enough', () => {
    const text = renderSummaryTables(resultFor(TWO_TARGETS), { color: false, columns: 250 });
    const lines = text.split('\n');
    const head = lines.slice(1, 3).join('\n');
    for (const h of [
      'requests',
      'errors',
      'success',
      '%',
      'req/s',
      'tok/s',
      'p50 ms',
      'p99.9 ms',
      'max ms',
      'ttft',
      'itl',
      'tpot',
    ]) {
      expect(head).toContain(h);
    }
    const gpt = lines.find((l) => l.includes('gpt-4.1')) ?? '';
    expect(
      gpt
        .split('│')
        .map((c) => c.trim())
        .slice(1, 7),
    ).toEqual(['gpt-4.1', '80', '80', '0', '100', '8.0']);
    expect(text).not.toContain(ESC);
  });

  it('transposes to a column per target when the wide table does not fit', () => {
    const text = renderSummaryTables(resultFor(FOUR), { color: false, columns: 100 });
    expect(width(text)).toBeLessThanOrEqual(100);
    const lines = text.split('\n');
    expect(lines[1]).toMatch(
      /figure.*gpt-4\.1.*claude-sonnet-4\.5.*deepseek-v3\.2.*gemini-2\.5-pro/,
    );
    for (const label of [
      'latency p50 (ms)',
      'latency p99.9 (ms)',
      'ttft p99 (ms)',
      'itl p50 (ms)',
      'tpot p50 (ms)',
      'success (%)',
      'tok/s',
    ]) {
      expect(text).toContain(label);
    }
    expect(lines.find((l) => l.includes('tok/s'))).toContain('~'); // chunk-counted tokens marked
  });

  it('splits targets over several tables in a narrow terminal', () => {
    const text = renderSummaryTables(resultFor(FOUR), { color: false, columns: 60 });
    expect(width(text)).toBeLessThanOrEqual(60);
    const heads = text.split('\n').filter((l) => l.includes('figure'));
    expect(heads.length).toBeGreaterThan(1);
    for (const name of ['gpt-4.1', 'claude-sonnet-4.5', 'deepseek-v3.2', 'gemini-2.5-pro']) {
      expect(heads.join(' ')).toContain(name);
    }
  });

  it('lists errors by class and SLO results, with no escape code when colour is off', () => {
    const result = resultFor(TWO_TARGETS, {
      slo: [
        { term: 'p95<800ms', kind: 'figure', target: 'gpt-4.1', value: 742.5, ok: true },
        {
          term: 'success>=99.5%',
          kind: 'success',
          target: 'claude-sonnet-4.5',
          value: 93.75,
          ok: false,
        },
      ],
    });
    const text = renderBenchSummary(result, { color: false, columns: 100 });
    expect(text).not.toContain(ESC);
    expect(text).toContain('closed loop, concurrency 4 · 10.0 s measured');
    expect(text).toMatch(/errors by class\n {2}claude-sonnet-4\.5 {2}rate_limited 3 · timeout 1/);
    expect(text).toContain('SLO: 1 of 2 checks met');
    expect(text).toMatch(/✓ p95<800ms +gpt-4\.1 +743 ms/);
    expect(text).toMatch(/✗ success>=99\.5% +claude-sonnet-4\.5 +93\.75%/);
  });

  it('colours headers, success and SLO marks when colour is on', () => {
    const result = resultFor(TWO_TARGETS, {
      slo: [{ term: 'p95<800ms', kind: 'figure', target: 'gpt-4.1', value: 900, ok: false }],
    });
    const text = renderBenchSummary(result, { color: true, columns: 100 });
    expect(text).toContain(`${ESC}[31m93.7${ESC}[39m`);
    expect(text).toContain(`${ESC}[31m✗${ESC}[39m`);
  });

  it('shows the target rate in open loop and flags a rate that was not kept', () => {
    const result = resultFor(TWO_TARGETS, {
      load: { mode: 'open', rate: 10, arrival: 'poisson', warmup: '5s', shard: null },
      targetRps: 10,
    });
    const text = renderBenchSummary(result, { color: true, columns: 100 });
    expect(text).toContain('open loop, 10 req/s per target, poisson arrivals, warm-up 5s');
    const plain = stripAnsi(text);
    expect(plain).toMatch(/target \(req\/s\) +│ +10 │ +10 │/);
    expect(text).toContain(`${ESC}[31m6.4${ESC}[39m`); // 6.4 of 10 req/s: below 95%
  });
});

describe('renderBenchNotes', () => {
  it('gives client warnings, chunk-count and early-stop caveats for stderr', () => {
    const result = resultFor([{ name: 'x', ok: 5, chunks: true }], {
      warnings: ['client could not keep the target rate: achieved 41.2 of 50 req/s'],
      interrupted: true,
      durationS: 8.2,
    });
    const text = renderBenchNotes(result, { color: false });
    expect(text).not.toContain(ESC);
    expect(text).toContain(
      '⚠ warning: client could not keep the target rate: achieved 41.2 of 50 req/s',
    );
    expect(text).toContain(
      'x: the server sent no usage, so output tokens were counted from stream chunks',
    );
    expect(text).toContain('stopped early after 8.2 s');
    expect(renderBenchNotes(resultFor(TWO_TARGETS), { color: false })).toBe('');
  });

  it('says when a target has no latency figures at all', () => {
    const result = resultFor([{ name: 'down', ok: 0, errors: { auth: 3 } }]);
    expect(renderBenchNotes(result, { color: false })).toContain('down: no successful request');
  });
});

describe('formatSloValue', () => {
  it('shows each value in its term unit', () => {
    expect(formatSloValue({ term: 'ttft.p99<1s', kind: 'figure', value: 1234, ok: false })).toBe(
      '1.23 s',
    );
    expect(formatSloValue({ term: 'rps>=10', kind: 'throughput', value: 8.25, ok: false })).toBe(
      '8.3 req/s',
    );
    expect(
      formatSloValue({ term: 'tokens_per_s>=100', kind: 'tokens_per_s', value: 250, ok: true }),
    ).toBe('250 tok/s');
    expect(
      formatSloValue({ term: 'error_rate<1%', kind: 'error_rate', value: 0.5, ok: true }),
    ).toBe('0.5%');
    expect(formatSloValue({ term: 'p95<800ms', kind: 'figure', value: null, ok: false })).toBe(
      'no data',
    );
  });
});
