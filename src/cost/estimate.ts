import type { Settings } from '../config/types.js';
import { UsageError } from '../core/errors.js';
import type { MixPart } from './mix.js';
import type { Period } from './period.js';
import { priceOf } from './price-table.js';
import { splitVolume, type TokenVolume } from './pricing.js';
import type { CostReport, CostRow } from './report.js';

/** A what-if: a token volume per period on one model, several side by side, or a routed mix. */
export interface EstimateRequest {
  volume: TokenVolume;
  period: Period;
  /** One model (single) or several (compare); ignored when `mix` is set. */
  models: string[];
  mix?: MixPart[];
  estimate?: CostReport['estimate'];
}

export function buildEstimate(settings: Settings, req: EstimateRequest): CostReport {
  const report: CostReport = {
    mode: req.mix ? 'mix' : req.models.length === 1 ? 'single' : 'compare',
    period: req.period,
    tokens: req.volume,
    rows: [],
    warnings: [],
    notes: [],
  };
  if (req.estimate) report.estimate = req.estimate;
  const seen = new Set<string>();
  const rowFor = (name: string, flag: string): CostRow => {
    const priced = priceOf(settings, name);
    if (seen.has(priced.name)) {
      throw new UsageError(
        `${flag}: ${name} names ${priced.name} a second time; list each model once`,
      );
    }
    seen.add(priced.name);
    const row: CostRow = { model: priced.name, tokens: req.volume };
    if (priced.price) row.price = priced.price;
    return row;
  };
  if (req.mix) {
    const volumes = splitVolume(
      req.volume,
      req.mix.map((p) => p.share),
    );
    req.mix.forEach((part, i) => {
      const row = rowFor(part.model, '--mix');
      row.tokens = volumes[i] ?? row.tokens;
      row.share = part.share;
      report.rows.push(row);
    });
  } else {
    if (req.models.length === 0)
      throw new UsageError('--models: no models given; e.g. --models gpt-4.1,deepseek-v3.2');
    for (const name of req.models) report.rows.push(rowFor(name, '--models'));
  }
  return report;
}
