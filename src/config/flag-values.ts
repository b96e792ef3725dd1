import { UsageError } from '../core/errors.js';
import { parseDuration } from './duration.js';

/**
 * Numeric and duration flag values, parsed in one place so every command words its errors
 * the same way: what was wrong, then what to give.
 */

/** A whole number above 0 (`-n`, `-c`, `--max-tokens`, `--count`…). */
export function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(
      `${flag}: '${text}' is not a positive whole number; give one like 1, 4 or 256`,
    );
  }
  return n;
}

/** A whole number from 0 (`--seed`). */
export function nonNegativeInt(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n)) {
    throw new UsageError(`${flag}: '${text}' is not a whole number; give one like 0, 1 or 42`);
  }
  return n;
}

/** A number above 0, fractions allowed (`--rate`). */
export function positiveNumber(text: string, flag: string): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    throw new UsageError(
      `${flag}: '${text}' is not a positive number; give one like 0.5, 10 or 250`,
    );
  }
  return n;
}

/** A duration above 0 (`--timeout`, `--interval`…), in ms. */
export function positiveDuration(text: string, flag: string): number {
  const ms = parseDuration(text, flag);
  if (ms <= 0) throw new UsageError(`${flag}: '${text}' must be longer than 0 (e.g. 30s)`);
  return ms;
}
