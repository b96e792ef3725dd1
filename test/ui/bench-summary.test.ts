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
    const text = renderSummaryTables(resultFor(TWO_TARGETS), { color: false, columns: Infinity });
    const lines = text.split('\n');
    const head = lines[0] ?? '';
    for (const h of [
      'requests',
      'errors',
      'success %',
      'req/s',
      'tok/s',
      'p50 ms',
      'p99.9 ms',
      'max ms',
      'ttft p50 ms',
      'itl p50 ms',
      'tpot p50 ms',
    ]) {
      expect(head).toContain(h);
    }
    const gpt = lines.find((l) => l.startsWith('gpt-4.1')) ?? '';
    expect(gpt.split(/\s+/).slice(0, 6)).toEqual(['gpt-4.1', '80', '80', '0', '100', '8.0']);
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('not shown');
  });

  for (const columns of [80, 100, 120, 60]) {
    it(`keeps 4 targets in one table within ${columns} columns, naming the figures left out`, () => {
      const text = renderSummaryTables(resultFor(FOUR), { color: false, columns });
      expect(width(text)).toBeLessThanOrEqual(columns);
      const lines = text.split('\n');
      const rule = lines.findIndex((l) => l.startsWith('─'));
      expect(lines.filter((l) => l.startsWith('─'))).toHaveLength(1); // no rule between rows
      const names = ['gpt-4.1', 'claude-sonnet-4.5', 'deepseek-v3.2', 'gemini-2.5-pro'];
      names.forEach((name, i) =>
        expect(lines[rule + 1 + i]).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}`)),
      );
      // the figures that never go: requests, success, req/s, p50 and p99
      for (const h of ['requests', 'req/s']) expect(lines.slice(0, rule).join(' ')).toContain(h);
      expect(text).toMatch(/not shown at \d+ columns:/);
    });
  }

  it('drops the least useful figures first (p99.9 before p95, p95 before p50)', () => {
    const at = (columns: number) => renderSummaryTables(resultFor(FOUR), { color: false, columns });
    const note = (t: string) => t.slice(t.indexOf('not shown'));
    expect(note(at(120))).toMatch(/tpot p50/);
    expect(note(at(120))).not.toMatch(/ p95/);
    expect(note(at(80))).toMatch(/p95/);
    const head80 = at(80).split('─')[0] ?? '';
    for (const kept of ['p50', 'p99', 'success']) expect(head80).toContain(kept);
  });

  it('wraps "errors by class" between items, never inside one', () => {
    const result = resultFor([
      {
        name: 'a-long-target-name-for-errors',
        ok: 10,
        errors: { rate_limited: 3, timeout: 1, server_error: 2, bad_response: 4, network: 5 },
      },
    ] as TargetPlan[]);
    const text = renderBenchSummary(result, { color: false, columns: 50 });
    const block = text.slice(text.indexOf('errors by class'));
    for (const line of block.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    for (const item of [
      'rate_limited 3',
      'timeout 1',
      'server_error 2',
      'bad_response 4',
      'network 5',
    ]) {
      expect(block).toContain(item);
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
    const plain = stripAnsi(renderBenchSummary(result, { color: true, columns: Infinity }));
    expect(plain).toContain('target req/s');
    expect(plain).toMatch(/^claude-sonnet-4\.5 .* 6\.4 +10 /m);
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
