import { normal, type Rng } from '../core/rng.js';

/**
 * A latency or length distribution as written in a profile: a plain number (fixed),
 * `{"fixed": n}`, `{"uniform": [min, max]}` or `{"lognormal": {"p50": n, "p99": n}}`.
 */
export type Distribution =
  | number
  | { fixed: number }
  | { uniform: [number, number] }
  | { lognormal: { p50: number; p99: number } };

/** z-score of the 99th percentile of a standard normal. */
const Z99 = 2.3263478740408408;

/** One draw, never negative. Lognormal draws are capped at 4× p99 so one draw cannot hang a test. */
export function sample(dist: Distribution, rng: Rng): number {
  if (typeof dist === 'number') return Math.max(0, dist);
  if ('fixed' in dist) return Math.max(0, dist.fixed);
  if ('uniform' in dist) {
    const [min, max] = dist.uniform;
    return Math.max(0, min + (max - min) * rng());
  }
  const { p50, p99 } = dist.lognormal;
  if (p50 <= 0) return 0;
  const sigma = p99 > p50 ? Math.log(p99 / p50) / Z99 : 0;
  const value = p50 * Math.exp(sigma * normal(rng));
  return Math.min(value, 4 * Math.max(p99, p50));
}

/** True when every draw is exactly zero (lets the server skip timers entirely). */
export function isZero(dist: Distribution): boolean {
  if (typeof dist === 'number') return dist <= 0;
  if ('fixed' in dist) return dist.fixed <= 0;
  if ('uniform' in dist) return dist.uniform[0] <= 0 && dist.uniform[1] <= 0;
  return dist.lognormal.p50 <= 0;
}
