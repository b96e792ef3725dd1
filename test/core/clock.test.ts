import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';

describe('systemClock', () => {
  it('wallAt(now()) is the wall time, within a few ms of Date.now(), in whole ms', () => {
    for (let i = 0; i < 5; i++) {
      const before = Date.now();
      const wall = systemClock.wallAt?.(systemClock.now()) as number;
      const after = Date.now();
      expect(Number.isInteger(wall)).toBe(true);
      expect(wall).toBeGreaterThanOrEqual(before - 5);
      expect(wall).toBeLessThanOrEqual(after + 5);
    }
  });

  it('wallAt keeps monotonic gaps: 250 ms later on the monotonic clock is 250 ms later on the wall', () => {
    const t = systemClock.now();
    const a = systemClock.wallAt?.(t) as number;
    const b = systemClock.wallAt?.(t + 250) as number;
    expect(b - a).toBeGreaterThanOrEqual(249);
    expect(b - a).toBeLessThanOrEqual(251);
  });
});
