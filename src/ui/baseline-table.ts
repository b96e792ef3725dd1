import type { BaselineComparison, BaselineRow } from '../bench/index.js';
import { painter, type Tone } from './color.js';
import { renderTable, wrapItems, wrapLine, type CellValue, type TableColumn } from './table.js';

/** Value of a baseline figure in its unit: ms for latency, % for success, req/s for throughput. */
function value(row: BaselineRow, v: number | null): string {
  if (v === null) return '—';
  if (row.figure === 'success_rate') return `${(v * 100).toFixed(2)}%`;
  if (row.figure === 'throughput_rps') return `${v.toFixed(2)} req/s`;
  return `${v.toFixed(1)} ms`;
}

/** The delta in the figure's unit (the table shows the % apart, so each can go alone). */
function delta(row: BaselineRow, withPct = true): string {
  if (row.delta === null) return '—';
  const sign = row.delta > 0 ? '+' : '';
  const pct = withPct ? deltaPctSuffix(row) : '';
  if (row.figure === 'success_rate') return `${sign}${(row.delta * 100).toFixed(2)} pt${pct}`;
  if (row.figure === 'throughput_rps') return `${sign}${row.delta.toFixed(2)}${pct}`;
  return `${sign}${row.delta.toFixed(1)} ms${pct}`;
}

function deltaPct(row: BaselineRow): string {
  if (row.deltaPct === null) return '—';
  return `${row.deltaPct > 0 ? '+' : ''}${row.deltaPct.toFixed(1)}%`;
}

function deltaPctSuffix(row: BaselineRow): string {
  return row.deltaPct === null ? '' : ` (${deltaPct(row)})`;
}

function ci(row: BaselineRow): string {
  if (!row.ci) return '—';
  const f = (x: number): string => `${x > 0 ? '+' : ''}${x.toFixed(1)}`;
  return `[${f(row.ci.low)}, ${f(row.ci.high)}] ms`;
}

const COLUMNS: TableColumn[] = [
  { header: 'target', wrap: true, minWidth: 12 },
  { header: 'figure' },
  { header: 'baseline', align: 'right', drop: 3 },
  { header: 'now', align: 'right' },
  { header: 'delta', align: 'right', drop: 2 },
  { header: 'delta %', align: 'right' },
  { header: '95% CI of delta', align: 'right', drop: 4 },
  { header: 'verdict', wrap: true, minWidth: 15 },
];

function verdict(row: BaselineRow): { text: string; tone: Tone } {
  if (row.regression) return { text: 'REGRESSION', tone: 'bad' };
  if (row.significant) {
    const worse = row.worse === 'higher' ? (row.delta ?? 0) > 0 : (row.delta ?? 0) < 0;
    return worse
      ? { text: 'worse, within threshold', tone: 'warn' }
      : { text: 'better', tone: 'good' };
  }
  return { text: row.judged ? 'within noise' : 'too few samples', tone: 'plain' };
}

/**
 * The `--baseline` comparison: one row per target and figure with the baseline, the new value,
 * the delta, its confidence interval and the verdict (regression only when beyond both the
 * threshold and the noise). Fitted to `columns`: the CI, then the baseline value, go first;
 * a target's name is printed on its first row only.
 */
export function renderBaselineTable(
  c: BaselineComparison,
  options: { color: boolean; columns?: number | undefined },
): string {
  const paint = painter(options.color);
  const columns = options.columns ?? 80;
  const rows = c.rows.map((row, i): CellValue[] => [
    i > 0 && c.rows[i - 1]?.target === row.target ? '' : row.target,
    row.figure,
    value(row, row.baseline),
    value(row, row.current),
    delta(row, false),
    deltaPct(row),
    ci(row),
    verdict(row),
  ]);
  const title = `Baseline comparison (regression = worse by more than ${c.maxRegressionPct}% and beyond the noise)`;
  let out = `\n${wrapItems(title.split(' '), columns, ' ').join('\n')}\n`;
  out += `${renderTable(COLUMNS, rows, { columns, paint })}\n`;
  if (c.unmatched.length > 0) {
    out += `${wrapLine(`not compared (in one run only): ${c.unmatched.join(', ')}`, columns)}\n`;
  }
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
