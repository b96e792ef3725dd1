import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerChange } from '../../src/core/breaker.js';
import { nextCooldown } from '../../src/core/cooldown.js';
import { StateStore } from '../../src/core/state-store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const settings = { failures: 3, cooldownMs: 5_000, maxCooldownMs: 60_000 };

function setup(path?: string, now = { t: 1_000_000 }) {
  const store = new StateStore(path, () => now.t);
  const breaker = new CircuitBreaker(store, settings, () => now.t);
  const changes: BreakerChange[] = [];
  breaker.onChange((c) => changes.push(c));
  return { store, breaker, now, changes };
}

/** Opens `m` with three counted failures. */
function open(b: CircuitBreaker): void {
  for (let i = 0; i < 3; i++) b.onFailure('m', 'server_error');
}

/** Waits until the model is probed, returning how long that took (1 s steps on the clock). */
function waitForProbe(b: CircuitBreaker, now: { t: number }): number {
  const from = now.t;
  for (;;) {
    const d = b.acquire('m');
    if (d.allow) {
      expect(d.probe).toBe(true);
      return now.t - from;
    }
    now.t += 1000;
  }
}

describe('adaptive breaker cooldown', () => {
  it('doubles after each failed probe: 5, 10, 20, 40, 60, 60 s; a success resets it to 5 s', () => {
    const { breaker, now, changes } = setup();
    open(breaker);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      waits.push(waitForProbe(breaker, now));
      expect(breaker.onFailure('m', 'timeout')).toBe(true);
    }
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(waitForProbe(breaker, now)).toBe(60_000);
    breaker.onSuccess('m');
    expect(breaker.acquire('m')).toEqual({ allow: true, probe: false });
    open(breaker);
    expect(waitForProbe(breaker, now)).toBe(5_000);
    // Every change was heard: closed → open, then open → half_open → open per failed probe.
    expect(changes.slice(0, 3).map((c) => `${c.from}>${c.to}:${c.cooldownMs ?? ''}`)).toEqual([
      'closed>open:5000',
      'open>half_open:',
      'half_open>open:10000',
    ]);
    expect(changes.filter((c) => c.to === 'closed')).toHaveLength(1);
  });

  it('the denial says when the next probe is due under the grown cooldown', () => {
    const { breaker, now } = setup();
    open(breaker);
    waitForProbe(breaker, now);
    breaker.onFailure('m', 'server_error');
    now.t += 3_000;
    expect(breaker.acquire('m')).toMatchObject({ allow: false, reopensInMs: 7_000 });
  });

  it('the grown cooldown is persisted and honoured by the next process', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'shepherd-cooldown-')), 'health.json');
    const now = { t: 1_000_000 };
    const a = setup(path, now);
    open(a.breaker);
    waitForProbe(a.breaker, now);
    a.breaker.onFailure('m', 'server_error'); // saved with the probe's release: 10 s now
    const b = setup(path, now);
    now.t += 9_000;
    expect(b.breaker.acquire('m')).toMatchObject({ allow: false, reopensInMs: 1_000 });
    now.t += 1_000;
    expect(b.breaker.acquire('m')).toEqual({ allow: true, probe: true });
  });

  it('a late failure of a request sent before the opening does not restart or grow the cooldown', () => {
    const { breaker, now, store } = setup();
    open(breaker);
    now.t += 4_000;
    breaker.onFailure('m', 'server_error');
    expect(store.get('m')).toMatchObject({ cooldownMs: 5_000, openedAt: 1_000_000 });
  });

  it('a long outage costs the primary few attempts: 3 to open, probes at 5, 15 and 35 s within 70 s', () => {
    const { breaker, now } = setup();
    const start = now.t;
    open(breaker);
    const probesAt: number[] = [];
    for (; now.t - start <= 70_000; now.t += 250) {
      const d = breaker.acquire('m');
      if (d.allow) {
        probesAt.push(now.t - start);
        breaker.onFailure('m', 'server_error');
      }
    }
    expect(probesAt).toEqual([5_000, 15_000, 35_000]);
  });

  it('an answer to a request sent before the circuit opened leaves it open; a later one closes it', () => {
    const { breaker, now, changes } = setup();
    const sentBefore = now.t - 1;
    open(breaker);
    breaker.onSuccess('m', sentBefore);
    expect(breaker.stateOf('m')).toBe('open');
    breaker.onSuccess('m', now.t + 1);
    expect(breaker.stateOf('m')).toBe('closed');
    expect(changes.map((c) => c.to)).toEqual(['open', 'closed']);
  });

  it('nextCooldown: first opening, doubling, the cap, and a cooldown set above the cap', () => {
    expect(nextCooldown(settings, undefined, false)).toBe(5_000);
    expect(nextCooldown(settings, 40_000, true)).toBe(60_000);
    expect(nextCooldown(settings, 40_000, false)).toBe(5_000);
    expect(nextCooldown({ failures: 3, cooldownMs: 90_000 }, 90_000, true)).toBe(90_000);
  });
});
