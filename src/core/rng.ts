/**
 * Seeded pseudo-random numbers for the bench engine and the simulator: the same seed gives
 * the same run. Every helper here keeps its historical constants, so existing seeds keep
 * giving the same sequences (test/core/rng.test.ts pins them).
 */
export type Rng = () => number;

/** mulberry32: a small, fast 32-bit generator with values in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent 32-bit seed for stream `stream` under `seed` (splitmix-style mixing, so
 * neighbouring streams give unrelated sequences). `golden` keeps each caller's historical
 * constant, so existing seeds keep giving the same runs.
 */
export function mixSeed(seed: number, stream: number, golden: number): number {
  let h = (seed ^ Math.imul(stream + 1, golden)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The bench engine's generator for a run seed (seed 0 would be a poor mulberry32 start). */
export function createRng(seed: number): Rng {
  return mulberry32(seed >>> 0 || 0x9e3779b9);
}

/** The bench engine's independent seed for a stream of a run (e.g. the shard index). */
export function deriveSeed(seed: number, stream: number): number {
  return mixSeed(seed, stream, 0x9e3779b1);
}

/**
 * The simulator's generator for request number `index` (0-based) under `seed`. Every chat
 * request gets its own, so concurrent streams drawing their inter-token gaps in any
 * interleaving still give the same latencies, texts and faults for the same seed and
 * request order.
 */
export function requestRng(seed: number, index: number): Rng {
  return mulberry32(mixSeed(seed, index, 0x9e3779b9));
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

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = Math.max(rng(), Number.EPSILON);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
