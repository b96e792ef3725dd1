/** Seeded pseudo-random numbers (mulberry32): the same seed gives the same run. */
import { mixSeed, mulberry32, type Rng } from '../core/rng.js';

export type { Rng };

export function createRng(seed: number): Rng {
  return mulberry32(seed >>> 0 || 0x9e3779b9);
}

/** Derives an independent seed from a seed and a stream number (e.g. the shard index). */
export function deriveSeed(seed: number, stream: number): number {
  return mixSeed(seed, stream, 0x9e3779b1);
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** An exponentially distributed gap with the given mean (Poisson arrivals). */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}
