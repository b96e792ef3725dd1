import { resolveModel } from '../config/resolve.js';
import type { Price, Settings } from '../config/types.js';

/** The price table: the catalogue merged with config overrides, as resolved into Settings. */

/** What a name prices as: the configured name (aliases resolved) and its price, if any. */
export interface PricedModel {
  name: string;
  price?: Price;
}

/** Resolves names, aliases and gateway ids like every command (src/config/resolve.ts). */
export function priceOf(settings: Settings, name: string): PricedModel {
  const model = resolveModel(settings, name);
  return model.price && !model.passthrough
    ? { name: model.name, price: model.price }
    : { name: model.name };
}

export interface PriceListRow {
  model: string;
  price?: Price;
  contextWindow?: number;
  source?: string;
  asOf?: string;
}

/** Every configured model, sorted by name, with its price, context window, source and as-of date. */
export function priceList(settings: Settings): PriceListRow[] {
  return Object.values(settings.models)
    .filter((m) => !m.passthrough)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => {
      const row: PriceListRow = { model: m.name };
      if (m.price) row.price = m.price;
      if (m.contextWindow !== undefined) row.contextWindow = m.contextWindow;
      const source = m.price?.source;
      if (source !== undefined) row.source = source;
      const asOf = m.price?.asOf;
      if (asOf !== undefined) row.asOf = asOf;
      return row;
    });
}

export const STALE_AFTER_DAYS = 90;

/** Days from the ISO date `asOf` to `today` (UTC calendar days); undefined when not a date. */
export function ageInDays(asOf: string, today: Date): number | undefined {
  const then = Date.parse(`${asOf.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(then)) return undefined;
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.floor((now - then) / 86_400_000);
}

/**
 * One warning per stale as-of date among `rows` (older than 90 days on `today`), e.g.
 * `prices of 8 models are 120 days old (as of 2026-11-23): check the sources ...`.
 */
export function staleWarnings(rows: readonly PriceListRow[], today: Date): string[] {
  const byDate = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.price || row.asOf === undefined) continue;
    const age = ageInDays(row.asOf, today);
    if (age === undefined || age <= STALE_AFTER_DAYS) continue;
    byDate.set(row.asOf, [...(byDate.get(row.asOf) ?? []), row.model]);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([asOf, models]) => {
      const age = ageInDays(asOf, today) ?? 0;
      const who =
        models.length === 1
          ? `the price of ${models[0]} is`
          : `prices of ${models.length} models are`;
      return `${who} ${age} days old (as of ${asOf}, older than ${STALE_AFTER_DAYS} days): check the sources and override models.<name>.price in the config file`;
    });
}
