import type { SeriesPoint } from '../bench/index.js';

/**
 * A sparkline of exactly `width` cells from the newest `width` values (newest on the right,
 * left-padded with spaces). A missing value (null, NaN) is a blank cell. The scale runs from
 * the lowest visible value to the highest, but never spans less than 10% of the highest, so
 * noise of a few milliseconds on a steady latency stays a flat line instead of a wild one.
 * Empty input gives blanks; constant input gives a flat `▁` line.
 */

export const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

export function sparkline(values: readonly (number | null | undefined)[], width: number): string {
  const w = Math.max(0, Math.floor(width));
  if (w === 0) return '';
  const shown = values.slice(-w);
  const finite = shown.filter(
    (v): v is number => v !== null && v !== undefined && Number.isFinite(v),
  );
  if (finite.length === 0) return ' '.repeat(w);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of finite) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = Math.max(hi - lo, Math.abs(hi) * 0.1);
  const top = SPARK_LEVELS.length - 1;
  let out = ' '.repeat(w - shown.length);
  for (const v of shown) {
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out += ' ';
      continue;
    }
    const level = span > 0 ? Math.round(((v - lo) / span) * top) : 0;
    out += SPARK_LEVELS[Math.min(top, Math.max(0, level))];
  }
  return out;
}

/**
 * The last `width` seconds of a latency series as values, one per second, ending at the
 * newest point; a second in which nothing finished is null (a gap in the line).
 */
export function seriesWindow(series: readonly SeriesPoint[], width: number): (number | null)[] {
  const last = series[series.length - 1];
  if (!last || width <= 0) return [];
  const first = Math.max(last.second - width + 1, series[0]?.second ?? 0);
  const values: (number | null)[] = new Array(last.second - first + 1).fill(null);
  for (const p of series) {
    if (p.second >= first) values[p.second - first] = p.p50Ms;
  }
  return values;
}
