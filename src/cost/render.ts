import Table from 'cli-table3';
import { formatPrice, formatUsd, picoToUsd } from '../config/money.js';
import { formatShare } from './amounts.js';
import { scalePeriod as scale, type Period } from './period.js';
import type { PriceListRow } from './price-table.js';
import type { CostReport, CostRow } from './report.js';

/** Tables and summary lines for stdout, as strings (units in every header). */

const UNPRICED = 'unpriced';
const n = (v: number): string => v.toLocaleString('en-US');
const money = (pico: bigint): string => formatUsd(picoToUsd(pico));

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true } });
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

export function renderReport(report: CostReport): string {
  const u = unit(report);
  const showTokens = report.mode === 'mix' || report.mode === 'usage';
  const proj = report.period === 'total' ? undefined : projectionPeriod(report.period);
  const compareBudget = report.mode === 'compare' && report.budget !== undefined;
  const head = ['model'];
  if (report.mode === 'mix') head.push('share (%)');
  if (report.mode === 'usage') head.push('requests');
  const cached = report.tokens.cachedInput > 0;
  if (showTokens)
    head.push('input (tokens)', ...(cached ? ['cached (tokens)'] : []), 'output (tokens)');
  head.push(
    `input (${u})`,
    ...(cached ? [`cached input (${u})`] : []),
    `output (${u})`,
    `total (${u})`,
  );
  if (proj) head.push(`total (USD/${proj})`);
  if (report.baseline) head.push(`savings (${u})`, 'savings (%)');
  if (compareBudget) head.push('budget');
  const t = table(head);
  for (const row of report.rows) {
    const cells: string[] = [label(row)];
    if (report.mode === 'mix') cells.push(row.share === undefined ? '' : formatShare(row.share));
    if (report.mode === 'usage') cells.push(n(row.requests ?? 0));
    if (showTokens) {
      cells.push(
        n(row.tokens.input),
        ...(cached ? [n(row.tokens.cachedInput)] : []),
        n(row.tokens.output),
      );
    }
    const c = row.charges;
    cells.push(c ? money(c.input) : UNPRICED);
    if (cached) cells.push(c ? money(c.cachedInput) : UNPRICED);
    cells.push(c ? money(c.output) : UNPRICED, c ? money(c.total) : UNPRICED);
    if (proj && report.period !== 'total') {
      cells.push(c ? money(scale(c.total, report.period, proj)) : UNPRICED);
    }
    if (report.baseline) {
      cells.push(
        row.savings ? money(row.savings.pico) : UNPRICED,
        row.savings
          ? row.savings.pct === null
            ? '—'
            : `${row.savings.pct.toFixed(2)}%`
          : UNPRICED,
      );
    }
    if (compareBudget)
      cells.push(row.overBudget === undefined ? UNPRICED : row.overBudget ? 'OVER' : 'ok');
    t.push(cells);
  }
  const lines = [headline(report), t.toString(), ...summary(report)];
  if (report.rows.some((r) => r.estimated)) {
    lines.push('* estimated: the bench result lacks some token counts, so this is a lower bound');
  }
  if (report.days && report.days.length > 0) lines.push(renderDays(report));
  return `${lines.join('\n')}\n`;
}

function summary(report: CostReport): string[] {
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
        `Cheapest: ${lo.model} at ${money(lo.charges!.total)}${per}; most expensive: ${hi.model} at ${money(hi.charges!.total)}${per}${left}`,
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
    out.push(`Total: ${money(report.total)}${per}${also}${left}`);
  }
  if (report.baseline) {
    const b = report.baseline;
    const savings =
      b.savings === undefined
        ? ''
        : `; ${b.savings >= 0n ? 'saves' : 'costs'} ${money(b.savings >= 0n ? b.savings : -b.savings)}${per}${b.savingsPct === null || b.savingsPct === undefined ? '' : ` (${Math.abs(b.savingsPct).toFixed(2)}% ${b.savings >= 0n ? 'less' : 'more'})`}`;
    out.push(`Baseline ${b.model}: ${money(b.total)}${per} on the same tokens${savings}`);
  }
  if (report.budget) {
    const { pico, over } = report.budget;
    if (report.mode === 'compare') {
      const overs = report.rows.filter((r) => r.overBudget).map((r) => r.model);
      out.push(
        `Budget ${money(pico)}${per}: ${overs.length > 0 ? `OVER for ${overs.join(', ')}` : 'every priced model is within it'}`,
      );
    } else if (report.total !== undefined) {
      // The total leaves unpriced models out, so "within" is only as good as what is priced.
      const partial = report.rows.some((r) => !r.price) ? ' (unpriced models not counted)' : '';
      out.push(
        over
          ? `Budget ${money(pico)}${per}: OVER by ${money(report.total - pico)}`
          : `Budget ${money(pico)}${per}: within it, ${money(pico - report.total)} left${partial}`,
      );
    }
  }
  return out;
}

function renderDays(report: CostReport): string {
  const days = report.days ?? [];
  const anyUnpriced = days.some((d) => d.unpricedRequests > 0);
  const head = [
    'day (UTC)',
    'requests',
    'input (tokens)',
    'cached (tokens)',
    'output (tokens)',
    'total (USD)',
  ];
  if (anyUnpriced) head.push('unpriced (requests)');
  const t = table(head);
  for (const d of days) {
    const cells = [
      d.day,
      n(d.requests),
      n(d.tokens.input),
      n(d.tokens.cachedInput),
      n(d.tokens.output),
      money(d.total),
    ];
    if (anyUnpriced) cells.push(n(d.unpricedRequests));
    t.push(cells);
  }
  return `Per day:\n${t.toString()}`;
}

export function renderPrices(rows: readonly PriceListRow[]): string {
  const t = table([
    'model',
    'input ($/M)',
    'cached input ($/M)',
    'output ($/M)',
    'context (tokens)',
    'source',
    'as of',
  ]);
  for (const r of rows) {
    const p = r.price;
    t.push([
      r.model,
      p ? formatPrice(p.input) : UNPRICED,
      p ? (p.cachedInput === undefined ? '— (input price)' : formatPrice(p.cachedInput)) : UNPRICED,
      p ? formatPrice(p.output) : UNPRICED,
      r.contextWindow === undefined ? '—' : n(r.contextWindow),
      r.source ?? '—',
      r.asOf ?? '—',
    ]);
  }
  return `${t.toString()}\nPrices in USD per 1M tokens.\n`;
}
