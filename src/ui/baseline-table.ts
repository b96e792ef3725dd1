import Table from 'cli-table3';
import type { BaselineComparison, BaselineRow } from '../bench/index.js';
import { painter } from './color.js';

/** Value of a baseline figure in its unit: ms for latency, % for success, req/s for throughput. */
function value(row: BaselineRow, v: number | null): string {
  if (v === null) return '—';
  if (row.figure === 'success_rate') return `${(v * 100).toFixed(2)}%`;
  if (row.figure === 'throughput_rps') return `${v.toFixed(2)} req/s`;
  return `${v.toFixed(1)} ms`;
}

function delta(row: BaselineRow): string {
  if (row.delta === null) return '—';
  const sign = row.delta > 0 ? '+' : '';
  const pct = row.deltaPct === null ? '' : ` (${sign}${row.deltaPct.toFixed(1)}%)`;
  if (row.figure === 'success_rate') return `${sign}${(row.delta * 100).toFixed(2)} pt${pct}`;
  if (row.figure === 'throughput_rps') return `${sign}${row.delta.toFixed(2)}${pct}`;
  return `${sign}${row.delta.toFixed(1)} ms${pct}`;
}

function ci(row: BaselineRow): string {
  if (!row.ci) return '—';
  const f = (x: number): string => `${x > 0 ? '+' : ''}${x.toFixed(1)}`;
  return `[${f(row.ci.low)}, ${f(row.ci.high)}] ms`;
}

/**
 * The `--baseline` comparison: one row per target and figure with the baseline, the new value,
 * the delta, its confidence interval and the verdict (regression only when beyond both the
 * threshold and the noise).
 */
export function renderBaselineTable(c: BaselineComparison, options: { color: boolean }): string {
  const paint = painter(options.color);
  const table = new Table({
    head: ['target', 'figure', 'baseline', 'now', 'delta', '95% CI of delta', 'verdict'],
    style: options.color ? { head: ['cyan'] } : { head: [], border: [] },
  });
  for (const row of c.rows) {
    const verdict = row.regression
      ? paint('bad', 'REGRESSION')
      : row.significant
        ? row.worse === 'higher'
          ? (row.delta ?? 0) > 0
            ? 'worse, within threshold'
            : paint('good', 'better')
          : (row.delta ?? 0) < 0
            ? 'worse, within threshold'
            : paint('good', 'better')
        : row.judged
          ? 'within noise'
          : 'too few samples';
    table.push([
      row.target,
      row.figure,
      value(row, row.baseline),
      value(row, row.current),
      delta(row),
      ci(row),
      verdict,
    ]);
  }
  let out = `\nBaseline comparison (regression = worse by more than ${c.maxRegressionPct}% and beyond the noise)\n`;
  out += `${table.toString()}\n`;
  if (c.unmatched.length > 0) out += `not compared (in one run only): ${c.unmatched.join(', ')}\n`;
  return out;
}

/** Markdown lines for the GitHub step summary. */
export function baselineMarkdown(c: BaselineComparison): string {
  const lines = [
    `### Baseline comparison (threshold ${c.maxRegressionPct}%)`,
    '',
    '| target | figure | baseline | now | delta | verdict |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of c.rows) {
    const verdict = row.regression
      ? '❌ regression'
      : row.significant
        ? 'changed'
        : row.judged
          ? 'within noise'
          : 'too few samples';
    lines.push(
      `| ${row.target} | ${row.figure} | ${value(row, row.baseline)} | ${value(row, row.current)} | ${delta(row)} | ${verdict} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
