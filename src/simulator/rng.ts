/**
 * Seeded randomness. Every chat request gets its own generator, derived from the
 * simulator's seed and the request's arrival number, so concurrent streams drawing their
 * inter-token gaps in any interleaving still give the same latencies, texts and faults
 * for the same seed and request order.
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

/** The generator of request number `index` (0-based) under `seed`. */
export function requestRng(seed: number, index: number): Rng {
  // splitmix-style mixing so neighbouring indexes give unrelated streams.
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return mulberry32((h ^ (h >>> 16)) >>> 0);
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = Math.max(rng(), Number.EPSILON);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
