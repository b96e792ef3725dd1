import { roundDiv } from '../config/money.js';
import { UsageError } from '../core/errors.js';

/**
 * `--period` names the period the token volume is per. A year is 365 days and 12 months, so
 * a month is 365/12 days; projections to the other periods scale by those factors exactly.
 */
export const PERIODS = ['day', 'month', 'year'] as const;
export type Period = (typeof PERIODS)[number];

const PER_YEAR: Record<Period, bigint> = { day: 365n, month: 12n, year: 1n };

export function parsePeriod(text: string): Period {
  if ((PERIODS as readonly string[]).includes(text)) return text as Period;
  throw new UsageError(`--period: '${text}' is not a period; use day, month or year`);
}

/** An amount per `from` expressed per `to` (pico-dollars, rounded to the pico). */
export function scalePeriod(pico: bigint, from: Period, to: Period): bigint {
  return roundDiv(pico * PER_YEAR[from], PER_YEAR[to]);
}

/** The amount per day, per month and per year. */
export function projection(pico: bigint, from: Period): Record<Period, bigint> {
  return {
    day: scalePeriod(pico, from, 'day'),
    month: scalePeriod(pico, from, 'month'),
    year: scalePeriod(pico, from, 'year'),
  };
}
