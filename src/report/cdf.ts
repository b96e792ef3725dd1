import type { Bucket } from '../bench/index.js';
import type { Chart, ChartSeries } from './chart-types.js';

/** Where a log axis starts: values below 1 µs (an ITL of 0 between tokens of one read) sit here. */
export const LOG_FLOOR_MS = 0.001;

export interface CdfCurve {
  label: string;
  color: string;
  dash?: number[] | undefined;
  /** Non-empty histogram buckets in ascending value order (exact: from the HDR histogram). */
  buckets: readonly Bucket[];
}

/** x of a bucket on a log axis. */
function xOf(b: Bucket): number {
  return Math.max(LOG_FLOOR_MS, b.valueMs);
}

/**
 * One curve's cumulative share at each x of the union: null before its first bucket and past
 * its last (so each curve spans its own range), else the share of values ≤ x.
 */
function shareAt(xs: readonly number[], buckets: readonly Bucket[]): (number | null)[] {
  const total = buckets.reduce((n, b) => n + b.count, 0);
  const out: (number | null)[] = [];
  if (total === 0) return xs.map(() => null);
  const first = xOf(buckets[0] as Bucket);
  const last = xOf(buckets[buckets.length - 1] as Bucket);
  let k = 0;
  let cumulative = 0;
  for (const x of xs) {
    while (k < buckets.length && xOf(buckets[k] as Bucket) <= x)
      cumulative += (buckets[k++] as Bucket).count;
    out.push(x < first || x > last ? null : cumulative / total);
  }
  return out;
}

/** A CDF chart of several curves (targets, and a baseline's) over the union of their buckets. */
export function cdfChart(
  id: string,
  title: string,
  note: string,
  curves: readonly CdfCurve[],
): Chart {
  const xs = [...new Set(curves.flatMap((c) => c.buckets.map(xOf)))].sort((a, b) => a - b);
  const series: ChartSeries[] = curves.map((c) => ({
    label: c.label,
    color: c.color,
    ...(c.dash ? { dash: c.dash } : {}),
    style: 'step',
    values: shareAt(xs, c.buckets),
  }));
  return {
    id,
    title,
    note,
    x: { label: 'ms (log scale)', log: true, format: 'ms', values: xs },
    y: { label: 'share of requests ≤ x', format: 'percent', min: 0, max: 1 },
    series,
  };
}
