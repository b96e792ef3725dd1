import { UsageError } from '../core/errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** The one duration syntax (`250ms`, `5s`, `1.5s`, `2m`, `1h`), shared by flags and the config schema. */
export const DURATION_RE = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/;
/** The same syntax with a non-zero amount (`0s`, `0.0ms` do not match): timeouts, intervals. */
export const POSITIVE_DURATION_RE = /^\s*(?=[\d.]*[1-9])(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/;

/**
 * The longest duration shepherd accepts: 480h (20 days). Node's timers hold at most 2^31−1 ms
 * (24.8 days) and fire after 1 ms beyond that, so a longer timeout, interval or bench
 * duration would end at once; the margin leaves room for the grace periods added to them.
 */
export const MAX_DURATION_MS = 480 * 3_600_000;
export const MAX_DURATION_TEXT = '480h (20 days)';

/** Parses `250ms`, `5s`, `1.5s`, `2m`, `1h` into milliseconds; returns undefined when malformed. */
export function tryParseDuration(text: string): number | undefined {
  const match = DURATION_RE.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Math.round(Number(amount) * (UNIT_MS[unit as string] ?? NaN));
}

/** Parses a duration or throws a UsageError naming the setting and the accepted forms. */
export function parseDuration(text: string, what = 'duration'): number {
  const ms = tryParseDuration(text);
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new UsageError(
      `${what}: '${text}' is not a duration; use a number with ms, s, m or h (e.g. 250ms, 5s, 2m, 1h)`,
    );
  }
  if (ms > MAX_DURATION_MS) {
    throw new UsageError(
      `${what}: '${text}' is too long; the longest duration is ${MAX_DURATION_TEXT}`,
    );
  }
  return ms;
}

/** Formats milliseconds the way they are written in config: `250ms`, `5s`, `2m`, `1h`. */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms !== 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
