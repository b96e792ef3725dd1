import { describe, expect, it } from 'vitest';
import {
  nonNegativeInt,
  positiveDuration,
  positiveInt,
  positiveNumber,
} from '../../src/config/flag-values.js';
import { UsageError } from '../../src/core/errors.js';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('flag values', () => {
  it('positiveInt takes plain whole numbers above 0 only', () => {
    expect(positiveInt('256', '--max-tokens')).toBe(256);
    for (const bad of ['0', '-1', '1.5', '1e3', '0x10', '', 'abc', '99999999999999999'])
      expect(message(() => positiveInt(bad, '--max-tokens'))).toBe(
        `--max-tokens: '${bad}' is not a positive whole number; give one like 1, 4 or 256`,
      );
  });

  it('nonNegativeInt allows 0', () => {
    expect(nonNegativeInt('0', '--seed')).toBe(0);
    expect(message(() => nonNegativeInt('-3', '--seed'))).toMatch(/give one like 0, 1 or 42$/);
  });

  it('positiveNumber allows fractions, not blanks or 0', () => {
    expect(positiveNumber('0.5', '--rate')).toBe(0.5);
    for (const bad of ['', ' ', '0', 'fast', 'Infinity'])
      expect(message(() => positiveNumber(bad, '--rate'))).toMatch(/^--rate: .* give one like/);
  });

  it('positiveDuration rejects 0 and says what to give', () => {
    expect(positiveDuration('250ms', '--timeout')).toBe(250);
    expect(message(() => positiveDuration('0s', '--timeout'))).toBe(
      "--timeout: '0s' must be longer than 0 (e.g. 30s)",
    );
  });
});
