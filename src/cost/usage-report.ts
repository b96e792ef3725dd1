import type { Settings } from '../config/types.js';
import { priceOf } from './price-table.js';
import { addVolumes, chargesFor, NO_TOKENS } from './pricing.js';
import type { CostReport, CostRow, DayRow } from './report.js';
import type { UsageSource } from './usage-source.js';

/** Real usage as a report: one row per model (or bench target), and per day for ledgers. */
export function buildUsageReport(settings: Settings, source: UsageSource): CostReport {
  const report: CostReport = {
    mode: 'usage',
    period: 'total',
    tokens: NO_TOKENS,
    rows: [],
    source: { kind: source.kind, file: source.file },
    warnings: [...source.warnings],
    notes: [...source.notes],
  };
  const rows = new Map<string, CostRow>();
  const days = new Map<string, DayRow>();
  for (const rec of source.records) {
    const priced = rec.model === null ? { name: rec.label } : priceOf(settings, rec.model);
    const key = rec.label === rec.model ? priced.name : rec.label;
    let row = rows.get(key);
    if (!row) {
      row = { model: priced.name, tokens: NO_TOKENS, requests: 0 };
      if (key !== priced.name) row.target = key;
      if (priced.price) row.price = priced.price;
      rows.set(key, row);
    }
    row.tokens = addVolumes(row.tokens, rec.tokens);
    row.requests = (row.requests ?? 0) + rec.requests;
    if (rec.estimated) row.estimated = true;
    report.tokens = addVolumes(report.tokens, rec.tokens);
    if (rec.day !== undefined) {
      const day = days.get(rec.day) ?? {
        day: rec.day,
        requests: 0,
        tokens: NO_TOKENS,
        total: 0n,
        unpricedRequests: 0,
      };
      day.requests += rec.requests;
      day.tokens = addVolumes(day.tokens, rec.tokens);
      if (priced.price) day.total += chargesFor(priced.price, rec.tokens).total;
      else day.unpricedRequests += rec.requests;
      days.set(rec.day, day);
    }
  }
  report.rows = [...rows.values()];
  if (source.kind === 'ledger') {
    report.rows.sort((a, b) => a.model.localeCompare(b.model));
    report.days = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }
  return report;
}
