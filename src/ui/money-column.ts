import { priceToMicroPerMillion } from '../config/money.js';

/**
 * Money in one table column has one precision (issue 16): the decimals the smallest non-zero
 * amount needs (at least 2, at most 6), used for every amount of the column, so `$0.000384`
 * and `$0.030000` line up instead of `$0.000384 | $0.03`.
 */
export function usdDecimals(amounts: readonly number[]): number {
  let decimals = 2;
  for (const a of amounts) {
    const abs = Math.abs(a);
    if (abs === 0 || !Number.isFinite(abs) || abs >= 0.01) continue;
    decimals = Math.max(decimals, Math.min(6, Math.ceil(-Math.log10(abs)) + 2));
  }
  return decimals;
}

/** `$1,234.50`, `-$0.000384` with exactly `decimals` decimals. */
export function formatUsdFixed(usd: number, decimals: number): string {
  const sign = usd < 0 ? '-' : '';
  const text = Math.abs(usd).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return `${sign}$${text}`;
}

/** A formatter for one column of amounts in USD. */
export function usdColumn(amounts: readonly number[]): (usd: number) => string {
  const decimals = usdDecimals(amounts);
  return (usd) => formatUsdFixed(usd, decimals);
}

/** The decimals a price (USD per 1M tokens) needs to be shown exactly (2 to 6). */
function priceDecimals(usdPerMillion: number): number {
  const frac = (priceToMicroPerMillion(usdPerMillion) % 1_000_000n)
    .toString()
    .padStart(6, '0')
    .replace(/0+$/, '');
  return Math.max(2, frac.length);
}

/**
 * A formatter for one column of prices in USD per 1M tokens: exact (never rounded away), with
 * the decimals the most precise price of the column needs: `$2.000`, `$0.028`. `models` and
 * `cost --prices` both use it, so a price looks the same in both.
 */
export function priceColumn(prices: readonly number[]): (usdPerMillion: number) => string {
  const decimals = Math.max(2, ...prices.map(priceDecimals));
  return (p) => formatUsdFixed(Number(priceToMicroPerMillion(p)) / 1e6, decimals);
}
