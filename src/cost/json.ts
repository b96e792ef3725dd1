import { picoToUsd } from '../config/money.js';
import { PPM } from './amounts.js';
import type { PriceListRow } from './price-table.js';
import type { TokenVolume } from './pricing.js';
import type { CostReport } from './report.js';

/** The `shepherd.cost/v1` document (SPEC §5): money in USD rounded to the micro-dollar from exact values. */

const usd = (pico: bigint | undefined): number | null =>
  pico === undefined ? null : picoToUsd(pico);

function tokensJson(t: TokenVolume): Record<string, number> {
  return { input: t.input, cached_input: t.cachedInput, output: t.output, reasoning: t.reasoning };
}

export function costJson(report: CostReport): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    schema: 'shepherd.cost/v1',
    mode: report.mode,
    period: report.period,
    tokens: tokensJson(report.tokens),
    rows: report.rows.map((row) => {
      const out: Record<string, unknown> = {
        model: row.model,
        priced: row.charges !== undefined,
        input_usd: usd(row.charges?.input),
        cached_input_usd: usd(row.charges?.cachedInput),
        output_usd: usd(row.charges?.output),
        total_usd: usd(row.charges?.total),
      };
      if (row.share !== undefined) out.share = row.share / PPM;
      if (row.savings) {
        out.savings_usd = picoToUsd(row.savings.pico);
        out.savings_pct = row.savings.pct;
      }
      if (row.target !== undefined) out.target = row.target;
      out.tokens = tokensJson(row.tokens);
      if (row.requests !== undefined) out.requests = row.requests;
      if (row.overBudget !== undefined) out.over_budget = row.overBudget;
      if (row.estimated) out.estimated = true;
      return out;
    }),
    total_usd: usd(report.total),
  };
  if (report.baseline) {
    const b: Record<string, unknown> = {
      model: report.baseline.model,
      total_usd: picoToUsd(report.baseline.total),
    };
    if (report.baseline.savings !== undefined) {
      b.savings_usd = picoToUsd(report.baseline.savings);
      b.savings_pct = report.baseline.savingsPct ?? null;
    }
    doc.baseline = b;
  }
  if (report.budget) {
    doc.budget_usd = picoToUsd(report.budget.pico);
    doc.over_budget = report.budget.over;
  }
  if (report.projection) {
    doc.projection = {
      day_usd: picoToUsd(report.projection.day),
      month_usd: picoToUsd(report.projection.month),
      year_usd: picoToUsd(report.projection.year),
    };
  }
  if (report.days) {
    doc.days = report.days.map((d) => ({
      day: d.day,
      requests: d.requests,
      tokens: tokensJson(d.tokens),
      total_usd: picoToUsd(d.total),
      unpriced_requests: d.unpricedRequests,
    }));
  }
  if (report.estimate) {
    doc.estimate = {
      method: report.estimate.method,
      requests: report.estimate.requests,
      prompt_tokens_per_request: report.estimate.promptTokensPerRequest,
      max_tokens: report.estimate.maxTokens,
    };
  }
  if (report.source) doc.source = report.source;
  doc.warnings = report.warnings;
  return doc;
}

/** `shepherd cost --prices --json`: the price table (`shepherd.prices/v1`). */
export function pricesJson(
  rows: readonly PriceListRow[],
  warnings: readonly string[],
): Record<string, unknown> {
  return {
    schema: 'shepherd.prices/v1',
    unit: 'USD per 1M tokens',
    models: rows.map((r) => ({
      model: r.model,
      priced: r.price !== undefined,
      input: r.price?.input ?? null,
      cached_input: r.price?.cachedInput ?? null,
      output: r.price?.output ?? null,
      context_window: r.contextWindow ?? null,
      source: r.source ?? null,
      as_of: r.asOf ?? null,
    })),
    warnings,
  };
}
