import { UsageError } from '../core/errors.js';

/**
 * Flag values of `shepherd cost`, parsed exactly (decimal strings, never floats):
 * token amounts (`10M`, `2.5k`, `1B`, `1,000,000`) and shares (`0.75`, `75%`).
 */

const SUFFIX_EXP: Record<string, number> = { k: 3, m: 6, b: 9, t: 12 };
const AMOUNT_RE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([kmbt])?$/i;

/** A whole, non-negative number written with an optional k/M/B/T suffix; undefined when malformed. */
export function tryParseAmount(text: string): number | undefined {
  const match = AMOUNT_RE.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '0', frac = '', suffix] = match;
  const exp = suffix ? (SUFFIX_EXP[suffix.toLowerCase()] ?? 0) : 0;
  const digits = BigInt(whole.replace(/,/g, '') + frac);
  const scaled = digits * 10n ** BigInt(exp);
  const divisor = 10n ** BigInt(frac.length);
  if (scaled % divisor !== 0n) return undefined;
  const value = scaled / divisor;
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(value);
}

/** Token amount for `flag`, or a UsageError naming the flag and the accepted forms. */
export function parseTokenAmount(text: string, flag: string): number {
  const value = tryParseAmount(text);
  if (value === undefined) {
    throw new UsageError(
      `${flag}: '${text}' is not a whole number of tokens; use e.g. 10M, 2.5k, 1B, 1,000,000 or 5000`,
    );
  }
  return value;
}

/** A count (requests, max tokens) for `flag`: same forms as token amounts, at least 1. */
export function parseCount(text: string, flag: string): number {
  const value = tryParseAmount(text);
  if (value === undefined || value < 1) {
    throw new UsageError(`${flag}: '${text}' is not a positive whole number; use e.g. 1000 or 10k`);
  }
  return value;
}

/** Parts per million: shares are held as integers so that they add up exactly. */
export const PPM = 1_000_000;

const SHARE_RE = /^(\d+)(?:\.(\d+))?\s*(%)?$/;

/** `0.75` or `75%` → 750000 ppm (rounded to the ppm); undefined when malformed or above 100%. */
export function tryParseShare(text: string): number | undefined {
  const match = SHARE_RE.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '0', frac = '', percent] = match;
  const scale = percent ? 4 : 6; // 1% = 10^4 ppm, 1.0 = 10^6 ppm
  const digits = BigInt(whole + frac);
  const num = digits * 10n ** BigInt(scale);
  const den = 10n ** BigInt(frac.length);
  const ppm = Number((num + den / 2n) / den);
  return ppm <= PPM ? ppm : undefined;
}

/** Share for `flag` (between 0 and 1, or 0% and 100%), or a UsageError naming the flag. */
export function parseShare(text: string, flag: string): number {
  const ppm = tryParseShare(text);
  if (ppm === undefined) {
    throw new UsageError(
      `${flag}: '${text}' is not a share; use a fraction from 0 to 1 or a percentage (e.g. 0.75 or 75%)`,
    );
  }
  return ppm;
}

/** 750000 ppm → `75%`, 333333 → `33.3333%`. */
export function formatShare(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}%` : `${whole}%`;
}
