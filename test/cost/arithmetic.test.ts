import { describe, expect, it } from 'vitest';
import { formatPrice, formatUsd, picoToUsd, tryParseUsdPico } from '../../src/config/money.js';
import { formatShare, tryParseAmount, tryParseShare } from '../../src/cost/amounts.js';
import { projection } from '../../src/cost/period.js';
import { chargesFor, percentOf, splitByShares, splitVolume } from '../../src/cost/pricing.js';

const usd = (pico: bigint): number => picoToUsd(pico);

describe('cost arithmetic (golden)', () => {
  it('10M tokens, 75% input, $2/$8 → $15.00 + $20.00 = $35.00', () => {
    const c = chargesFor(
      { input: 2, output: 8 },
      { input: 7_500_000, cachedInput: 0, output: 2_500_000, reasoning: 0 },
    );
    expect([usd(c.input), usd(c.cachedInput), usd(c.output), usd(c.total)]).toEqual([
      15, 0, 20, 35,
    ]);
    expect(c.total).toBe(35_000_000_000_000n);
  });

  it('prices cached input at the cached price, the rest at the input price', () => {
    const c = chargesFor(
      { input: 2, cachedInput: 0.5, output: 8 },
      { input: 1_000_000, cachedInput: 400_000, output: 0, reasoning: 0 },
    );
    expect([usd(c.input), usd(c.cachedInput), usd(c.total)]).toEqual([1.2, 0.2, 1.4]);
  });

  it('falls back to the input price when a model has no cached price', () => {
    const c = chargesFor(
      { input: 2, output: 8 },
      { input: 1_000_000, cachedInput: 400_000, output: 0, reasoning: 0 },
    );
    expect([usd(c.input), usd(c.cachedInput)]).toEqual([1.2, 0.8]);
  });

  it('prices reasoning tokens once, as part of the output', () => {
    const c = chargesFor(
      { input: 1.25, output: 10 },
      { input: 0, cachedInput: 0, output: 1000, reasoning: 800 },
    );
    expect(usd(c.output)).toBe(0.01);
    expect(usd(c.total)).toBe(0.01);
  });

  it('is exact where floats are not (0.1 + 0.2 style prices)', () => {
    const c = chargesFor(
      { input: 0.1, output: 0.2 },
      { input: 3, cachedInput: 0, output: 3, reasoning: 0 },
    );
    expect(c.total).toBe(900_000n); // 0.0000009 USD exactly, in pico
    const small = chargesFor(
      { input: 0.028, output: 0.42 },
      { input: 123_457, cachedInput: 0, output: 1, reasoning: 0 },
    );
    expect(usd(small.total)).toBe(0.003457); // 3456.796 + 0.42 µ$ = 3457.216 µ$ → rounded once at the end
  });

  it('rounds negative amounts (savings) symmetrically', () => {
    expect(picoToUsd(-1_400_000n)).toBe(-0.000001);
    expect(picoToUsd(-1_500_000n)).toBe(-0.000002);
    expect(formatUsd(-12.5)).toBe('-$12.50');
  });

  it('splits by shares into whole tokens that add up exactly', () => {
    expect(splitByShares(10, [333_334, 333_333, 333_333])).toEqual([4, 3, 3]);
    expect(splitByShares(10_000_000, [200_000, 800_000])).toEqual([2_000_000, 8_000_000]);
    const parts = splitVolume(
      { input: 7, cachedInput: 3, output: 5, reasoning: 1 },
      [500_000, 500_000],
    );
    expect(parts.reduce((a, p) => a + p.input, 0)).toBe(7);
    expect(parts.reduce((a, p) => a + p.cachedInput, 0)).toBe(3);
    expect(parts.every((p) => p.cachedInput <= p.input)).toBe(true);
  });

  it('computes savings percentages to 0.01', () => {
    expect(percentOf(21_740_000_000_000n, 29_375_000_000_000n)).toBe(74.01);
    expect(percentOf(-1n, 3n)).toBe(-33.33);
    expect(percentOf(1n, 0n)).toBeNull();
  });

  it('projects a month to a day and a year (365 days = 12 months)', () => {
    const p = projection(35_000_000_000_000n, 'month');
    expect([usd(p.day), usd(p.month), usd(p.year)]).toEqual([1.150685, 35, 420]);
    const d = projection(1_000_000_000_000n, 'day');
    expect([usd(d.month), usd(d.year)]).toEqual([30.416667, 365]);
  });
});

describe('amounts, shares and money text', () => {
  it.each([
    ['10M', 10_000_000],
    ['2.5k', 2_500],
    ['1B', 1_000_000_000],
    ['1,000,000', 1_000_000],
    ['5000', 5000],
    ['1.5m', 1_500_000],
    [' 3K ', 3000],
  ])('%s → %d tokens', (text, value) => expect(tryParseAmount(text)).toBe(value));

  it.each(['', 'ten', '-5', '1.0005k', '0.5', '1,00', '10MB', '1e6'])('rejects %j', (text) =>
    expect(tryParseAmount(text)).toBeUndefined(),
  );

  it('parses shares as fractions or percentages, exactly', () => {
    expect(tryParseShare('0.75')).toBe(750_000);
    expect(tryParseShare('75%')).toBe(750_000);
    expect(tryParseShare('33.3333%')).toBe(333_333);
    expect(tryParseShare('1')).toBe(1_000_000);
    expect(tryParseShare('1.5')).toBeUndefined();
    expect(tryParseShare('120%')).toBeUndefined();
    expect(formatShare(900_000)).toBe('90%');
    expect(formatShare(333_333)).toBe('33.3333%');
  });

  it('parses budgets exactly and formats prices without rounding them away', () => {
    expect(tryParseUsdPico('$1,234.5')).toBe(1_234_500_000_000_000n);
    expect(tryParseUsdPico('0.000001')).toBe(1_000_000n);
    expect(tryParseUsdPico('abc')).toBeUndefined();
    expect(formatPrice(2)).toBe('$2.00');
    expect(formatPrice(0.028)).toBe('$0.028');
    expect(formatPrice(0.125)).toBe('$0.125');
  });
});
