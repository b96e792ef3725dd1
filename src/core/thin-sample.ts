/**
 * When a sample is too thin for a percentile (SPEC §5 "thin samples marked"): a percentile
 * is supported only with at least MIN_TAIL_SAMPLES requests at or beyond it
 * (n × (1 − p) ≥ 5: p50 from 10 requests, p90 from 50, p95 from 100, p99 from 500, p99.9
 * from 5000). Below that it is the maximum or close to it: one stall moves it. The same rule
 * marks figures in the table, the live view and the JSON, keeps `--slo` from judging such a
 * percentile and `--baseline` from gating on it.
 */
export const MIN_TAIL_SAMPLES = 5;

export type PercentileKey = 'p50' | 'p90' | 'p95' | 'p99' | 'p999';

/** Each percentile key with its percentage. */
export const PERCENTILE_KEYS: readonly (readonly [PercentileKey, number])[] = [
  ['p50', 50],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  ['p999', 99.9],
];

/** Whether `count` samples support the `pct`-th percentile. */
export function enoughTail(count: number, pct: number): boolean {
  return count * (1 - pct / 100) >= MIN_TAIL_SAMPLES - 1e-9;
}

/** How many samples the `pct`-th percentile needs (p95: 100). */
export function samplesNeeded(pct: number): number {
  return Math.ceil(MIN_TAIL_SAMPLES / (1 - pct / 100) - 1e-6);
}

/** The percentile keys `count` samples do not support (none for an empty figure: it has no values). */
export function thinPercentiles(count: number): PercentileKey[] {
  if (count <= 0) return [];
  return PERCENTILE_KEYS.filter(([, pct]) => !enoughTail(count, pct)).map(([key]) => key);
}

/** The percentage of a percentile key (`p999` → 99.9), or undefined for `max`/`mean`. */
export function percentOf(key: string): number | undefined {
  return PERCENTILE_KEYS.find(([k]) => k === key)?.[1];
}

/** `p99.9` for `p999`, as users write it. */
export function percentileLabel(key: PercentileKey): string {
  return key === 'p999' ? 'p99.9' : key;
}
