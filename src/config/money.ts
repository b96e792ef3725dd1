/**
 * Money in one place. Prices are USD per million tokens. Arithmetic is exact: a price is
 * held as integer micro-dollars per million tokens, so price × tokens is an integer number
 * of pico-dollars (1e-12 USD), kept as a bigint and rounded to the micro-dollar only at the end.
 */

/** USD per million tokens (e.g. 0.028) → integer micro-dollars per million tokens (28000). */
export function priceToMicroPerMillion(usdPerMillion: number): bigint {
  if (!Number.isFinite(usdPerMillion) || usdPerMillion < 0) {
    throw new RangeError(`price must be a non-negative number, got ${usdPerMillion}`);
  }
  return BigInt(Math.round(usdPerMillion * 1e6));
}

/** Exact cost of `tokens` at `usdPerMillion`, in pico-dollars. */
export function costPico(usdPerMillion: number, tokens: number | bigint): bigint {
  const t = typeof tokens === 'bigint' ? tokens : BigInt(Math.round(tokens));
  return priceToMicroPerMillion(usdPerMillion) * t;
}

/** Pico-dollars → USD number rounded half away from zero to the micro-dollar. */
export function picoToUsd(pico: bigint): number {
  return Number(roundDiv(pico, 1_000_000n)) / 1e6;
}

/** `a / b` rounded half away from zero (b > 0), for exact money and ratio arithmetic. */
export function roundDiv(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('roundDiv: divisor must be positive');
  const half = b / 2n;
  return a >= 0n ? (a + half) / b : -((-a + half) / b);
}

/** Parses a USD amount (`12.5`, `$12.50`, `1,000`) exactly into pico-dollars; undefined when malformed. */
export function tryParseUsdPico(text: string): bigint | undefined {
  if (tryParseUsd(text) === undefined) return undefined;
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  const [whole = '0', frac = ''] = cleaned.split('.');
  const digits = (frac + '000000000000').slice(0, 12);
  return BigInt(whole) * 1_000_000_000_000n + BigInt(digits);
}

/** Parses `12.5`, `$12.50`, `1,000` as USD; undefined when malformed. */
export function tryParseUsd(text: string): number | undefined {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** Formats USD for tables: `$35.00`, small amounts with more digits (`$0.000123`). */
export function formatUsd(usd: number): string {
  if (usd < 0) return `-${formatUsd(-usd)}`;
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toFixed(6)}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Formats a price in USD per million tokens: `$2.00`, `$0.028`, `$0.125` (never rounded away). */
export function formatPrice(usdPerMillion: number): string {
  const micro = priceToMicroPerMillion(usdPerMillion);
  const whole = micro / 1_000_000n;
  const frac = (micro % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `$${whole.toLocaleString('en-US')}.${frac.padEnd(2, '0')}`;
}
