import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, tryParseDuration } from '../../src/config/duration.js';
import { UsageError } from '../../src/core/errors.js';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [' 10s ', 10_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', 's', '5 sec', '-1s', '1d', 'abc'])('rejects %j naming the setting', (text) => {
    expect(tryParseDuration(text)).toBeUndefined();
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
    expect(() => parseDuration(text, '--timeout')).toThrow(
      /--timeout: .* use a number with ms, s, m or h/,
    );
  });

  it('formats back to the config form', () => {
    expect([250, 5000, 120_000, 3_600_000, 1500].map(formatDuration)).toEqual([
      '250ms',
      '5s',
      '2m',
      '1h',
      '1500ms',
    ]);
  });
});
