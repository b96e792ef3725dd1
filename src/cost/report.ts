import type { Price } from '../config/types.js';
import type { Period } from './period.js';
import { chargesFor, percentOf, type Charges, type TokenVolume } from './pricing.js';

/** What `shepherd cost` computed, before it becomes a table or a JSON document. */

/**
 * `single`: one model; `compare`: the same volume on each model (rows are alternatives);
 * `mix`: the volume split over models by share (rows add up); `usage`: real usage from a
 * file or the ledger (rows add up).
 */
export type CostMode = 'single' | 'compare' | 'mix' | 'usage';

export interface CostRow {
  model: string;
  /** Row label when it is not the model (a bench target name). */
  target?: string;
  price?: Price;
  tokens: TokenVolume;
  /** Set when priced. */
  charges?: Charges;
  /** Mix share in ppm. */
  share?: number;
  requests?: number;
  /** Savings vs the baseline on the same tokens (negative: costs more). */
  savings?: { pico: bigint; pct: number | null };
  overBudget?: boolean;
  /** Some token counts are estimates (bench results without usage totals). */
  estimated?: boolean;
}

export interface DayRow {
  day: string;
  requests: number;
  tokens: TokenVolume;
  /** Priced requests only. */
  total: bigint;
  unpricedRequests: number;
}

export interface CostReport {
  mode: CostMode;
  /** The period the volume is per; `total` for real usage (whatever span the file covers). */
  period: Period | 'total';
  tokens: TokenVolume;
  rows: CostRow[];
  /** Sum of priced rows (compare: the most expensive alternative); undefined when nothing is priced. */
  total?: bigint;
  projection?: Record<Period, bigint>;
  baseline?: { model: string; total: bigint; savings?: bigint; savingsPct?: number | null };
  budget?: { pico: bigint; over: boolean };
  days?: DayRow[];
  /** How the volume was estimated (prompt file + tokenizer). */
  estimate?: {
    method: string;
    requests: number;
    promptTokensPerRequest: number;
    maxTokens: number;
  };
  source?: { kind: 'bench' | 'chat' | 'ledger'; file: string };
  /** Shown even with --quiet. */
  warnings: string[];
  /** Silenced by --quiet. */
  notes: string[];
}

/** Prices each row that has a price; warns once per unpriced or cache-less model. */
export function priceRows(report: CostReport): void {
  const cacheFallback = new Set<string>();
  for (const row of report.rows) {
    if (!row.price) {
      report.warnings.push(
        `${row.model} has no price: shown as unpriced and left out of the totals (set models["${row.model}"].price in the config file)`,
      );
      continue;
    }
    row.charges = chargesFor(row.price, row.tokens);
    if (row.tokens.cachedInput > 0 && row.price.cachedInput === undefined) {
      cacheFallback.add(row.model);
    }
  }
  for (const model of cacheFallback) {
    report.notes.push(
      `${model} has no cached-input price: cached tokens are priced at its input price`,
    );
  }
}

/** Sum of priced rows, or the most expensive one when rows are alternatives; undefined when none is priced. */
export function totalOf(report: CostReport): bigint | undefined {
  const priced = report.rows.flatMap((r) => (r.charges ? [r.charges.total] : []));
  if (report.rows.length === 0) return 0n; // nothing used: a true zero
  if (priced.length === 0) return undefined;
  if (report.mode === 'compare') return priced.reduce((a, b) => (b > a ? b : a));
  return priced.reduce((a, b) => a + b, 0n);
}

/** Savings of every priced row (and of the total, unless rows are alternatives) vs `baseline`. */
export function applyBaseline(report: CostReport, model: string, price: Price): void {
  let baseTotal = 0n;
  for (const row of report.rows) {
    if (!row.charges) continue;
    const base = chargesFor(price, row.tokens).total;
    const pico = base - row.charges.total;
    row.savings = { pico, pct: percentOf(pico, base) };
    baseTotal = report.mode === 'compare' ? base : baseTotal + base;
  }
  if (report.mode === 'compare') {
    baseTotal = chargesFor(price, report.tokens).total;
    report.baseline = { model, total: baseTotal };
    return;
  }
  report.baseline = { model, total: baseTotal };
  if (report.total !== undefined) {
    const savings = baseTotal - report.total;
    report.baseline.savings = savings;
    report.baseline.savingsPct = percentOf(savings, baseTotal);
  }
}

/** Flags the total (and, for alternatives, each priced row) against the budget. */
export function applyBudget(report: CostReport, pico: bigint): void {
  if (report.mode === 'compare') {
    for (const row of report.rows) if (row.charges) row.overBudget = row.charges.total > pico;
  }
  report.budget = { pico, over: report.total !== undefined && report.total > pico };
}
