/**
 * Number formatting for the bench views. Every formatter returns `—` for "no data"
 * (null, undefined, NaN), never `0` or `NaN`, so an empty figure cannot pass for a fast one.
 * Widths in terminal cells are in cells.ts.
 */

export const NO_DATA = '—';

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** A latency with its unit: `0.42 ms`, `3.4 ms`, `123 ms`, `1.23 s`, `12.3 s`, `123 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (missing(ms)) return NO_DATA;
  if (ms < 1000) return `${formatMsNumber(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 100) return `${s.toFixed(1)} s`;
  return `${Math.round(s)} s`;
}

/**
 * A latency as a bare number of milliseconds, for table cells whose header carries the unit:
 * `0.42`, `3.4`, `123`, `1210`. Values of 100 s and more are compacted (`123k`) so a cell
 * never grows past 5 characters.
 */
export function formatMsNumber(ms: number | null | undefined): string {
  if (missing(ms)) return NO_DATA;
  if (ms < 1) return ms.toFixed(2);
  if (ms < 10) return ms.toFixed(1);
  if (ms < 100_000) return String(Math.round(ms));
  return formatCompact(ms);
}

/** Whole counts, compact past 4 digits: `999`, `9999`, `12.3k`, `1.2M`. */
export function formatCompact(n: number | null | undefined): string {
  if (missing(n)) return NO_DATA;
  const abs = Math.abs(n);
  if (abs < 10_000) return String(Math.round(n));
  if (abs < 999_500) return `${trimZero((n / 1000).toFixed(abs < 100_000 ? 1 : 0))}k`;
  return `${trimZero((n / 1_000_000).toFixed(1))}M`;
}

/** A count with thousands separators, for summaries: `1,234`. */
export function formatCount(n: number | null | undefined): string {
  if (missing(n)) return NO_DATA;
  return Math.round(n).toLocaleString('en-US');
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/**
 * A fraction 0..1 as a bare percentage: `100`, `99.5`, `0`. Never rounds up to `100` when
 * the fraction is below 1 (99.96% shows `99.9`): a run with a failure never reads as perfect.
 */
export function formatPercentNumber(fraction: number | null | undefined, decimals = 1): string {
  if (missing(fraction)) return NO_DATA;
  if (fraction >= 1) return '100';
  if (fraction <= 0) return '0';
  const scale = 10 ** decimals;
  const value = Math.floor(fraction * 100 * scale) / scale;
  return value.toFixed(decimals);
}

/** `99.5%`, `100%`, `—`. */
export function formatPercent(fraction: number | null | undefined, decimals = 1): string {
  const text = formatPercentNumber(fraction, decimals);
  return text === NO_DATA ? text : `${text}%`;
}

/** A per-second rate as a bare number: `0.25`, `8.3`, `41.2`, `123`, `12.3k`. */
export function formatRate(perSecond: number | null | undefined): string {
  if (missing(perSecond)) return NO_DATA;
  if (perSecond === 0) return '0';
  if (perSecond < 1) return perSecond.toFixed(2);
  if (perSecond < 100) return perSecond.toFixed(1);
  return formatCompact(perSecond);
}

/** A configured rate, without noise digits: `50`, `2.5`, `0.25`. */
export function formatTargetRate(perSecond: number | null | undefined): string {
  return trimZero(formatRate(perSecond));
}

/**
 * A clock reading for progress: `0.4s`, `5.0s`, `59.9s`, `1m05s`, `1h02m`. `whole` drops the
 * decimal below a minute (`15s`), for totals.
 */
export function formatClock(ms: number | null | undefined, whole = false): string {
  if (missing(ms)) return NO_DATA;
  const totalS = Math.max(0, ms) / 1000;
  if (totalS < 60) {
    if (whole) return `${trimZero(totalS.toFixed(totalS % 1 === 0 ? 0 : 1))}s`;
    const tenth = Math.floor(totalS * 10) / 10;
    return `${tenth.toFixed(1)}s`;
  }
  const s = Math.floor(totalS);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
