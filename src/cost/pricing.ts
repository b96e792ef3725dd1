import type { Price } from '../config/types.js';
import { costPico, roundDiv } from '../config/money.js';
import { PPM } from './amounts.js';

/**
 * Token volumes and what they cost, exactly. `input` counts every prompt token, cached or
 * not (as `prompt_tokens` does); `cachedInput` is the part of it served from the provider's
 * cache. `reasoning` is part of `output` (as `completion_tokens_details.reasoning_tokens` is
 * part of `completion_tokens`): it is shown, never priced a second time.
 */
export interface TokenVolume {
  input: number;
  cachedInput: number;
  output: number;
  reasoning: number;
}

/** Costs in pico-dollars (1e-12 USD), exact. */
export interface Charges {
  /** Uncached input tokens at the input price. */
  input: bigint;
  /** Cached input tokens at the cached-input price (the input price when there is none). */
  cachedInput: bigint;
  /** Output tokens (reasoning included) at the output price. */
  output: bigint;
  total: bigint;
}

export const NO_TOKENS: TokenVolume = { input: 0, cachedInput: 0, output: 0, reasoning: 0 };

export function addVolumes(a: TokenVolume, b: TokenVolume): TokenVolume {
  return {
    input: a.input + b.input,
    cachedInput: a.cachedInput + b.cachedInput,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
  };
}

export function chargesFor(price: Price, tokens: TokenVolume): Charges {
  const cached = Math.min(tokens.cachedInput, tokens.input);
  const input = costPico(price.input, tokens.input - cached);
  const cachedInput = costPico(price.cachedInput ?? price.input, cached);
  const output = costPico(price.output, tokens.output);
  return { input, cachedInput, output, total: input + cachedInput + output };
}

/** `tokens × ppm / 1e6`, rounded half up to a whole token. */
export function shareOf(tokens: number, ppm: number): number {
  return Number(roundDiv(BigInt(tokens) * BigInt(ppm), BigInt(PPM)));
}

/**
 * Splits `total` by shares (ppm adding up to 1e6) into whole numbers that add up exactly
 * to `total` (largest remainder; ties go to the earlier share).
 */
export function splitByShares(total: number, shares: readonly number[]): number[] {
  const t = BigInt(total);
  const exact = shares.map((ppm) => t * BigInt(ppm));
  const parts = exact.map((e) => e / BigInt(PPM));
  let left = t - parts.reduce((a, b) => a + b, 0n);
  const order = exact
    .map((e, i) => ({ i, rem: e % BigInt(PPM) }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map(Number);
}

/** Splits a volume by shares; cached and uncached input are split separately so every part adds up. */
export function splitVolume(volume: TokenVolume, shares: readonly number[]): TokenVolume[] {
  const cached = splitByShares(volume.cachedInput, shares);
  const uncached = splitByShares(volume.input - volume.cachedInput, shares);
  const output = splitByShares(volume.output, shares);
  const reasoning = splitByShares(volume.reasoning, shares);
  return shares.map((_, i) => ({
    input: (cached[i] ?? 0) + (uncached[i] ?? 0),
    cachedInput: cached[i] ?? 0,
    output: output[i] ?? 0,
    reasoning: reasoning[i] ?? 0,
  }));
}

/** `part / whole` as a percentage rounded to 0.01; null when whole is 0. */
export function percentOf(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  const sign = whole < 0n ? -1n : 1n;
  return Number(roundDiv(part * 10_000n * sign, whole * sign)) / 100;
}
