import { describe, expect, it } from 'vitest';
import {
  drawTokens,
  formatTokenSpec,
  itemRng,
  parseTokenSpec,
  STREAM,
} from '../../../src/bench/workload/token-spec.js';
import { drawTurns, parseTurns } from '../../../src/bench/workload/turns.js';
import { LengthCounts } from '../../../src/bench/workload/lengths.js';

const draws = (spec: string, n = 2000): number[] =>
  Array.from({ length: n }, (_, i) =>
    drawTokens(parseTokenSpec(spec, 'x'), itemRng(1, STREAM.input, i)),
  );

describe('token specs', () => {
  it.each([
    ['1000', { kind: 'fixed', n: 1000 }],
    [' 5..9 ', { kind: 'uniform', lo: 5, hi: 9 }],
    ['7..7', { kind: 'fixed', n: 7 }],
    ['normal:500,100', { kind: 'normal', mean: 500, sd: 100 }],
    ['lognormal:300,0.5', { kind: 'lognormal', median: 300, sigma: 0.5 }],
  ])('parses %s', (text, spec) => {
    expect(parseTokenSpec(text, '--input-tokens')).toEqual(spec);
    expect(parseTokenSpec(formatTokenSpec(spec as never), 'x')).toEqual(spec);
  });

  it.each([
    '',
    'abc',
    '0',
    '-3',
    '1.5',
    '9..3',
    'normal:',
    'normal:0,1',
    'normal:5,-1',
    'lognormal:5',
    'normal:1,2,3',
    '3000000',
  ])('refuses %j with the flag named', (text) => {
    expect(() => parseTokenSpec(text, '--output-tokens')).toThrow(/^--output-tokens: /);
  });

  it('draws are seeded per request, whole, clamped at 1, and follow their spec', () => {
    const u = draws('5..9');
    expect(new Set(u)).toEqual(new Set([5, 6, 7, 8, 9]));
    const n = draws('normal:20,30');
    expect(Math.min(...n)).toBe(1);
    expect(n.every(Number.isInteger)).toBe(true);
    const mean = draws('normal:500,50').reduce((a, b) => a + b, 0) / 2000;
    expect(mean).toBeGreaterThan(490);
    expect(mean).toBeLessThan(510);
    const ln = draws('lognormal:300,0.5').sort((a, b) => a - b);
    expect(ln[1000]).toBeGreaterThan(280);
    expect(ln[1000]).toBeLessThan(320);
    expect(draws('normal:500,50', 10)).toEqual(draws('normal:500,50', 10));
  });

  it('turns: N or LO..HI per conversation', () => {
    expect(parseTurns('4')).toEqual({ lo: 4, hi: 4 });
    expect(parseTurns('2..6')).toEqual({ lo: 2, hi: 6 });
    expect(() => parseTurns('6..2')).toThrow(/--turns/);
    const t = Array.from({ length: 500 }, (_, i) => drawTurns({ lo: 2, hi: 6 }, 1, i));
    expect(new Set(t)).toEqual(new Set([2, 3, 4, 5, 6]));
  });

  it('length counts give exact nearest-rank percentiles', () => {
    const c = new LengthCounts();
    for (let v = 1; v <= 10; v++) c.add(v * 100);
    expect(c.toJSON()).toMatchObject({ count: 10, p50: 500, p90: 900, max: 1000, mean: 550 });
    expect(new LengthCounts().toJSON()).toMatchObject({ count: 0, p50: null, max: null });
  });

  it('length counts stay exact when the same length comes in runs, read between adds', () => {
    const c = new LengthCounts();
    for (const v of [5, 5, 5, 7, 7, 5, 9]) c.add(v);
    c.add(7, 3);
    expect(c.toJSON().counts).toEqual({ '5': 4, '7': 5, '9': 1 });
    c.add(7);
    c.add(7);
    expect(c.toJSON()).toMatchObject({ count: 12, counts: { '5': 4, '7': 7, '9': 1 }, max: 9 });
  });
});
