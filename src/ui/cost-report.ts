import { formatUsd, picoToUsd } from '../config/money.js';
import { formatShare } from '../cost/amounts.js';
import { scalePeriod as scale, type Period } from '../cost/period.js';
import type { PriceListRow } from '../cost/price-table.js';
import type { CostReport, CostRow } from '../cost/report.js';
import type { Painter, Tone } from './color.js';
import { priceColumn, usdColumn } from './money-column.js';
import { renderTable, wrapLine, type Cell, type CellValue, type TableColumn } from './table.js';

/**
 * Cost tables and summary lines for stdout, as strings (units in every header), fitted to the
 * terminal: token counts and the parts of a total go first when it is narrow. Totals and
 * savings stand out (bold; savings green, extra cost red; OVER red).
 */

export interface CostLooks {
  columns: number;
  paint: Painter;
}

const UNPRICED = 'unpriced';
const n = (v: number): string => v.toLocaleString('en-US');
const money = (pico: bigint): string => formatUsd(picoToUsd(pico));

/** An amount in a money column: formatted with the column's one precision. */
interface Money {
  pico: bigint;
  tone?: Tone;
}
type Draft = CellValue | Money;
const isMoney = (d: Draft): d is Money => typeof d === 'object' && 'pico' in d;

/** Replaces every amount with its text, one precision per column. */
function settle(rows: Draft[][], width: number): CellValue[][] {
  const formats = Array.from({ length: width }, (_, i) => {
    const amounts = rows.map((r) => r[i]).filter((d): d is Money => d !== undefined && isMoney(d));
    return usdColumn(amounts.map((m) => picoToUsd(m.pico)));
  });
  return rows.map((r) =>
    r.map((d, i): CellValue => {
      if (!isMoney(d)) return d;
      const cell: Cell = { text: formats[i]!(picoToUsd(d.pico)) };
      if (d.tone) cell.tone = d.tone;
      return cell;
    }),
  );
}

function table(cols: TableColumn[], rows: Draft[][], looks: CostLooks): string {
  return renderTable(cols, settle(rows, cols.length), looks);
}

function unit(report: CostReport): string {
  return report.period === 'total' ? 'USD' : `USD/${report.period}`;
}

/** The period the projection column shows: the next longer one (a year shows per month). */
function projectionPeriod(period: Period): Period {
  return period === 'day' ? 'month' : period === 'month' ? 'year' : 'month';
}

function label(row: CostRow): string {
  const name =
    row.target === undefined || row.target.endsWith(`/${row.model}`)
      ? (row.target ?? row.model)
      : `${row.target} (${row.model})`;
  return row.estimated ? `${name} *` : name;
}

function headline(report: CostReport): string {
  const t = report.tokens;
  const cached = t.cachedInput > 0 ? ` (${n(t.cachedInput)} cached)` : '';
  const reasoning = t.reasoning > 0 ? ` (${n(t.reasoning)} reasoning)` : '';
  const tokens = `${n(t.input)} input${cached}, ${n(t.output)} output${reasoning} tokens`;
  if (report.source) {
    const requests = report.rows.reduce((a, r) => a + (r.requests ?? 0), 0);
    return `Usage from ${report.source.file}: ${n(requests)} request${requests === 1 ? '' : 's'}, ${tokens}`;
  }
  if (report.estimate) {
    const e = report.estimate;
    return `Estimate per ${report.period}: ${n(e.requests)} requests × ${n(e.promptTokensPerRequest)} prompt tokens (${e.method}) and up to ${n(e.maxTokens)} output tokens each = ${tokens}`;
  }
  return `Estimate per ${report.period}: ${tokens}`;
}

export function renderReport(report: CostReport, looks: CostLooks): string {
  const u = unit(report);
  const showTokens = report.mode === 'mix' || report.mode === 'usage';
  const proj = report.period === 'total' ? undefined : projectionPeriod(report.period);
  const compareBudget = report.mode === 'compare' && report.budget !== undefined;
  const cached = report.tokens.cachedInput > 0;
  const cols: TableColumn[] = [{ header: 'model', wrap: true, minWidth: 14 }];
  const right = (header: string, drop = 0): TableColumn => ({ header, align: 'right', drop });
  if (report.mode === 'mix') cols.push(right('share (%)', 1));
  if (report.mode === 'usage') cols.push(right('requests', 1));
  if (showTokens) {
    cols.push(right('input (tokens)', 8));
    if (cached) cols.push(right('cached (tokens)', 9));
    cols.push(right('output (tokens)', 7));
  }
  cols.push(right(`input (${u})`, 5));
  if (cached) cols.push(right(`cached input (${u})`, 6));
  cols.push(right(`output (${u})`, 4), right(`total (${u})`));
  if (proj) cols.push(right(`total (USD/${proj})`, 3));
  if (report.baseline) cols.push(right(`savings (${u})`), right('savings (%)', 2));
  if (compareBudget) cols.push(right('budget'));
  const rows = report.rows.map((row) =>
    reportRow(report, row, { showTokens, cached, proj, compareBudget }),
  );
  const prose = (text: string): string => wrapLine(text, looks.columns);
  const lines = [
    prose(headline(report)),
    table(cols, rows, looks),
    ...summary(report, looks.paint).map(prose),
  ];
  if (report.rows.some((r) => r.estimated)) {
    lines.push(
      prose('* estimated: the bench result lacks some token counts, so this is a lower bound'),
    );
  }
  if (report.days && report.days.length > 0) lines.push(renderDays(report, looks));
  return `${lines.join('\n')}\n`;
}

function reportRow(
  report: CostReport,
  row: CostRow,
  shape: { showTokens: boolean; cached: boolean; proj: Period | undefined; compareBudget: boolean },
): Draft[] {
  const cells: Draft[] = [label(row)];
  if (report.mode === 'mix') cells.push(row.share === undefined ? '' : formatShare(row.share));
  if (report.mode === 'usage') cells.push(n(row.requests ?? 0));
  if (shape.showTokens) {
    cells.push(
      n(row.tokens.input),
      ...(shape.cached ? [n(row.tokens.cachedInput)] : []),
      n(row.tokens.output),
    );
  }
  const c = row.charges;
  cells.push(c ? { pico: c.input } : UNPRICED);
  if (shape.cached) cells.push(c ? { pico: c.cachedInput } : UNPRICED);
  cells.push(c ? { pico: c.output } : UNPRICED, c ? { pico: c.total, tone: 'bold' } : UNPRICED);
  if (shape.proj && report.period !== 'total') {
    cells.push(c ? { pico: scale(c.total, report.period, shape.proj) } : UNPRICED);
  }
  if (report.baseline) {
    const tone: Tone | undefined = row.savings
      ? row.savings.pico > 0n
        ? 'good'
        : row.savings.pico < 0n
          ? 'bad'
          : undefined
      : undefined;
    cells.push(
      row.savings ? { pico: row.savings.pico, ...(tone && { tone }) } : UNPRICED,
      row.savings
        ? { text: row.savings.pct === null ? '—' : `${row.savings.pct.toFixed(2)}%`, tone }
        : UNPRICED,
    );
  }
  if (shape.compareBudget) {
    cells.push(
      row.overBudget === undefined
        ? UNPRICED
        : row.overBudget
          ? { text: 'OVER', tone: 'bad' }
          : { text: 'ok', tone: 'good' },
    );
  }
  return cells;
}

function summary(report: CostReport, paint: Painter): string[] {
  const out: string[] = [];
  const per = report.period === 'total' ? '' : `/${report.period}`;
  const priced = report.rows.filter((r) => r.charges);
  const unpriced = report.rows.length - priced.length;
  const left =
    unpriced > 0 ? ` (${unpriced} unpriced model${unpriced === 1 ? '' : 's'} left out)` : '';
  if (report.mode === 'compare') {
    const sorted = [...priced].sort((a, b) =>
      a.charges!.total < b.charges!.total ? -1 : a.charges!.total > b.charges!.total ? 1 : 0,
    );
    const lo = sorted[0];
    const hi = sorted[sorted.length - 1];
    if (lo && hi && lo !== hi) {
      out.push(
        `Cheapest: ${paint('good', `${lo.model} at ${money(lo.charges!.total)}${per}`)}; most expensive: ${hi.model} at ${money(hi.charges!.total)}${per}${left}`,
      );
    }
  } else if (report.total === undefined) {
    out.push(`Total: unpriced${left}`);
  } else {
    const p = report.projection;
    const also =
      p && report.period !== 'total'
        ? ` (≈ ${(['day', 'month', 'year'] as const)
            .filter((k) => k !== report.period)
            .map((k) => `${money(p[k])}/${k}`)
            .join(', ')})`
        : '';
    out.push(`${paint('bold', `Total: ${money(report.total)}${per}`)}${also}${left}`);
  }
  if (report.baseline) {
    const b = report.baseline;
    const savings =
      b.savings === undefined
        ? ''
        : `; ${b.savings >= 0n ? 'saves' : 'costs'} ${money(b.savings >= 0n ? b.savings : -b.savings)}${per}${b.savingsPct === null || b.savingsPct === undefined ? '' : ` (${Math.abs(b.savingsPct).toFixed(2)}% ${b.savings >= 0n ? 'less' : 'more'})`}`;
    const tone: Tone = b.savings === undefined ? 'plain' : b.savings >= 0n ? 'good' : 'bad';
    out.push(
      `Baseline ${b.model}: ${money(b.total)}${per} on the same tokens${paint(tone, savings)}`,
    );
  }
  if (report.budget) {
    const { pico, over } = report.budget;
    if (report.mode === 'compare') {
      const overs = report.rows.filter((r) => r.overBudget).map((r) => r.model);
      out.push(
        `Budget ${money(pico)}${per}: ${overs.length > 0 ? paint('bad', `OVER for ${overs.join(', ')}`) : paint('good', 'every priced model is within it')}`,
      );
    } else if (report.total !== undefined) {
      // The total leaves unpriced models out, so "within" is only as good as what is priced.
      const partial = report.rows.some((r) => !r.price) ? ' (unpriced models not counted)' : '';
      out.push(
        over
          ? `Budget ${money(pico)}${per}: ${paint('bad', `OVER by ${money(report.total - pico)}`)}`
          : `Budget ${money(pico)}${per}: ${paint('good', `within it, ${money(pico - report.total)} left`)}${partial}`,
      );
    }
  }
  return out;
}

function renderDays(report: CostReport, looks: CostLooks): string {
  const days = report.days ?? [];
  const anyUnpriced = days.some((d) => d.unpricedRequests > 0);
  const right = (header: string, drop = 0): TableColumn => ({ header, align: 'right', drop });
  const cols: TableColumn[] = [
    { header: 'day (UTC)' },
    right('requests'),
    right('input (tokens)', 3),
    right('cached (tokens)', 4),
    right('output (tokens)', 2),
    right('total (USD)'),
  ];
  if (anyUnpriced) cols.push(right('unpriced (requests)', 1));
  const rows = days.map((d): Draft[] => {
    const cells: Draft[] = [
      d.day,
      n(d.requests),
      n(d.tokens.input),
      n(d.tokens.cachedInput),
      n(d.tokens.output),
      { pico: d.total, tone: 'bold' },
    ];
    if (anyUnpriced) cells.push(n(d.unpricedRequests));
    return cells;
  });
  return `Per day:\n${table(cols, rows, looks)}`;
}

export function renderPrices(rows: readonly PriceListRow[], looks: CostLooks): string {
  const priced = rows.flatMap((r) => (r.price ? [r.price] : []));
  const input = priceColumn(priced.map((p) => p.input));
  const cached = priceColumn(
    priced.flatMap((p) => (p.cachedInput === undefined ? [] : [p.cachedInput])),
  );
  const output = priceColumn(priced.map((p) => p.output));
  const right = (header: string, drop = 0): TableColumn => ({ header, align: 'right', drop });
  const cols: TableColumn[] = [
    { header: 'model', wrap: true, minWidth: 14 },
    right('input ($/M)'),
    right('cached input ($/M)', 3),
    right('output ($/M)'),
    right('context (tokens)', 2),
    { header: 'source', wrap: true, minWidth: 12, drop: 5 },
    { header: 'as of', drop: 4 },
  ];
  const cells = rows.map((r): CellValue[] => {
    const p = r.price;
    return [
      r.model,
      p ? input(p.input) : UNPRICED,
      p ? (p.cachedInput === undefined ? '— (input)' : cached(p.cachedInput)) : UNPRICED,
      p ? output(p.output) : UNPRICED,
      r.contextWindow === undefined ? '—' : n(r.contextWindow),
      r.source ?? '—',
      r.asOf ?? '—',
    ];
  });
  return `${renderTable(cols, cells, looks)}\nPrices in USD per 1M tokens.\n`;
}
