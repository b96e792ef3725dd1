import type { Settings } from '../config/types.js';
import { UsageError } from '../core/errors.js';
import { projection } from './period.js';
import { priceOf } from './price-table.js';
import { applyBaseline, applyBudget, priceRows, totalOf, type CostReport } from './report.js';

export interface FinishOptions {
  baseline?: string;
  budgetPico?: bigint;
}

/** Prices the rows, then adds the total, the projection, baseline savings and the budget check. */
export function finishReport(
  report: CostReport,
  settings: Settings,
  options: FinishOptions,
): CostReport {
  const baseline = options.baseline === undefined ? undefined : priceOf(settings, options.baseline);
  if (baseline && !baseline.price) {
    throw new UsageError(
      `--baseline: ${options.baseline} has no price; pick a priced model (see shepherd cost --prices)`,
    );
  }
  priceRows(report);
  const total = totalOf(report);
  if (total !== undefined) report.total = total;
  if (total !== undefined && report.period !== 'total') {
    report.projection = projection(total, report.period);
  }
  if (baseline?.price) applyBaseline(report, baseline.name, baseline.price);
  if (options.budgetPico !== undefined) {
    if (total === undefined && report.rows.length > 0) {
      throw new UsageError(
        '--budget: nothing in this estimate has a price, so the budget cannot be checked; add prices in the config file',
      );
    }
    applyBudget(report, options.budgetPico);
  }
  return report;
}
