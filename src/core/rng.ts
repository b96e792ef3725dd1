/** Seeded pseudo-random numbers shared by the bench engine and the simulator. */
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
