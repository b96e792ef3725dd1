import type { Bucket } from '../core/histogram.js';
import { rankForPercentile } from '../core/histogram.js';
import type { Rng } from '../core/rng.js';

/**
 * Bootstrap resampling straight from histogram buckets: each resample draws `n` values with
 * probability proportional to the bucket counts (a multinomial resample of the recorded
 * values), then reads the percentiles from the resampled counts in one sweep.
 */
export class BucketSampler {
  private readonly values: number[];
  private readonly cumulative: number[];
  readonly total: number;

  constructor(buckets: readonly Bucket[]) {
    this.values = buckets.map((b) => b.valueMs);
    this.cumulative = [];
    let c = 0;
    for (const b of buckets) {
      c += b.count;
      this.cumulative.push(c);
    }
    this.total = c;
  }

  /** Percentiles (e.g. [50, 99]) of one resample of size `n`. */
  resample(n: number, percentiles: readonly number[], rng: Rng): number[] {
    const k = this.values.length;
    const counts = new Uint32Array(k);
    for (let i = 0; i < n; i++) {
      const target = rng() * this.total;
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((this.cumulative[mid] as number) > target) hi = mid;
        else lo = mid + 1;
      }
      counts[lo] = (counts[lo] as number) + 1;
    }
    const ranks = percentiles.map((p) => rankForPercentile(p, n));
    const out: number[] = [];
    let cum = 0;
    let next = 0;
    for (let i = 0; i < k && next < ranks.length; i++) {
      cum += counts[i] as number;
      while (next < ranks.length && cum >= (ranks[next] as number)) {
        out.push(this.values[i] as number);
        next += 1;
      }
    }
    return out;
  }
}

/** The value at quantile q (0..1) of sorted values (nearest rank). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}
