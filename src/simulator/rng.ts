/**
 * Seeded randomness. Every chat request gets its own generator, derived from the
 * simulator's seed and the request's arrival number, so concurrent streams drawing their
 * inter-token gaps in any interleaving still give the same latencies, texts and faults
 * for the same seed and request order.
 */
import { mixSeed, mulberry32, type Rng } from '../core/rng.js';

export { mulberry32, type Rng };

/** The generator of request number `index` (0-based) under `seed`. */
export function requestRng(seed: number, index: number): Rng {
  return mulberry32(mixSeed(seed, index, 0x9e3779b9));
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = Math.max(rng(), Number.EPSILON);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
