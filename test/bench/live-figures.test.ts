import { describe, expect, it } from 'vitest';
import { belowTargetRate, phaseProgress, targetProgress } from '../../src/bench/live-figures.js';
import { TargetStats } from '../../src/bench/stats.js';
import { attempt, okAttempt } from './helpers.js';

function snapshot(ok: number, errors: number) {
  const s = new TargetStats({ name: 't', model: 't', baseUrl: 'http://gw/v1' });
  for (let i = 0; i < ok; i++) s.record(okAttempt(i * 10, 100, 50, 10, true));
  for (let i = 0; i < errors; i++) s.record(attempt({ outcome: 'timeout', start: i, end: i + 5 }));
  return s.snapshot();
}

describe('the 95 % rule', () => {
  it('flags an open loop below 95 % of its rate, never a closed loop', () => {
    expect(belowTargetRate(9.4, 10)).toBe(true);
    expect(belowTargetRate(9.5, 10)).toBe(false);
    expect(belowTargetRate(0, null)).toBe(false);
  });
});

describe('targetProgress', () => {
  it('computes rate, success and tokens from the measured time, and judges the rate after 3 s', () => {
    const at = { targetRps: 10, inFlight: 2, queued: 1 };
    const p = targetProgress(snapshot(30, 10), { ...at, measuredMs: 8000 });
    expect(p.errorCount).toBe(10);
    expect(p.successRate).toBe(0.75);
    expect(p.throughputRps).toBe(5);
    expect(p.outputTokensPerS).toBe(300 / 8);
    expect(p).toMatchObject({ inFlight: 2, queued: 1, targetRps: 10, behindRate: true });
    // the rate starts at zero: too early to judge
    expect(targetProgress(snapshot(1, 0), { ...at, measuredMs: 1000 }).behindRate).toBe(false);
    const none = targetProgress(snapshot(0, 0), { ...at, measuredMs: 0 });
    expect(none.successRate).toBeNull();
    expect(none.throughputRps).toBe(0);
  });
});

describe('phaseProgress', () => {
  it('goes by time for a planned length, by requests otherwise, and knows when it cannot tell', () => {
    expect(phaseProgress({ elapsedMs: 5000, plannedMs: 15_000, done: 7 })).toEqual({
      fraction: 1 / 3,
      etaMs: 10_000,
    });
    expect(phaseProgress({ elapsedMs: 20_000, plannedMs: 15_000, done: 7 })).toEqual({
      fraction: 1,
      etaMs: 0,
    });
    expect(phaseProgress({ elapsedMs: 8000, done: 144, planned: 400 })).toEqual({
      fraction: 0.36,
      etaMs: (8000 * 256) / 144,
    });
    expect(phaseProgress({ elapsedMs: 8000, done: 0, planned: 400 })).toEqual({
      fraction: 0,
      etaMs: null,
    });
    expect(phaseProgress({ elapsedMs: 8000, done: 3 })).toEqual({ fraction: null, etaMs: null });
  });
});
