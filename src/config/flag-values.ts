import { UsageError } from '../core/errors.js';
import { checkBaseUrl } from './base-url.js';
import { parseDuration } from './duration.js';
import { stripCredentials } from '../core/proxy.js';

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
/** `--hedge DUR|off`: 0 means off (it overrides a configured `retry.hedge`). */
export function hedgeFlag(text: string): number {
  return text.trim() === 'off' ? 0 : positiveDuration(text, '--hedge');
}

export function positiveDuration(text: string, flag: string): number {
  const ms = parseDuration(text, flag);
  if (ms <= 0) throw new UsageError(`${flag}: '${text}' must be longer than 0 (e.g. 30s)`);
  return ms;
}

/** A number from `min` to `max`, fractions allowed (`--temperature`). */
export function numberInRange(text: string, flag: string, min: number, max: number): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(
      `${flag}: '${text}' is not a number from ${min} to ${max}; give one like ${min}, ${(min + max) / 2} or ${max}`,
    );
  }
  return n;
}

/** A comma-separated list of names (`-m a,b`): blank entries are dropped, but some must remain. */
export function nameList(text: string, flag: string, example: string): string[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) {
    throw new UsageError(`${flag}: no names given; give a comma-separated list like ${example}`);
  }
  return names;
}

/** A value that must not be blank (`--route`, `--config`…): returned trimmed. */
export function nonBlank(text: string, flag: string, example: string): string {
  const value = text.trim();
  if (value === '') throw new UsageError(`${flag}: the value is empty; give ${example}`);
  return value;
}

/** An http(s) gateway URL without credentials (`--compare-url`), without a trailing slash. */
export function gatewayUrl(text: string, flag: string): string {
  const check = checkBaseUrl(text);
  if (!check.ok) {
    const shown = stripCredentials(text);
    throw new UsageError(`${flag} '${shown}': ${check.problem}`);
  }
  return check.url;
}
