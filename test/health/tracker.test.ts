import { describe, expect, it } from 'vitest';
import { WatchTracker } from '../../src/health/watch-tracker.js';
import type { HealthStatus, ProbeResult } from '../../src/health/types.js';

const r = (status: HealthStatus, extra: Partial<ProbeResult> = {}): ProbeResult => ({
  model: 'a',
  modelId: 'a',
  gateway: 'default',
  status,
  costUsd: 0,
  checkedAt: 0,
  ...(status === 'down' ? { cls: 'server_error' as const } : {}),
  ...extra,
});

function feed(t: WatchTracker, statuses: HealthStatus[]): string[] {
  return statuses.flatMap((s, i) => t.observe(i + 1, [r(s)]).map((e) => `${i + 1}:${e.kind}`));
}

describe('WatchTracker (gatus-style thresholds)', () => {
  it('a flapping model never alerts unless the failures are consecutive', () => {
    const t = new WatchTracker(3, 2);
    const events = feed(t, ['up', 'down', 'down', 'up', 'down', 'down', 'up']);
    expect(events.filter((e) => !e.endsWith('change'))).toEqual([]);
    expect(t.alerts).toBe(0);
  });

  it('alerts once per outage and recovers once, after recoverAfter answers in a row', () => {
    const t = new WatchTracker(2, 2);
    const events = feed(t, [
      'down',
      'down',
      'down',
      'up',
      'down',
      'up',
      'up',
      'up',
      'down',
      'down',
    ]);
    expect(events.filter((e) => !e.endsWith('change'))).toEqual([
      '2:alert',
      '7:recovered',
      '10:alert',
    ]);
    expect(t.alerting()).toEqual(['a']);
  });

  it('degraded is a status change but not a failure; cancelled probes are ignored', () => {
    const t = new WatchTracker(1, 1);
    expect(feed(t, ['up', 'degraded', 'up'])).toEqual(['1:change', '2:change', '3:change']);
    expect(t.observe(4, [r('down', { cancelled: true })])).toEqual([]);
    expect(t.get('a')).toMatchObject({
      status: 'up',
      consecutiveFailures: 0,
      consecutiveSuccesses: 3,
    });
  });
});
