import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/core/breaker.js';
import { PROBE_CLAIM_TTL_MS, StateStore } from '../../src/core/state-store.js';

const settings = { failures: 2, cooldownMs: 30_000 };
const file = () => join(mkdtempSync(join(tmpdir(), 'shepherd-breaker-')), 'health.json');

/** One "process": its own store (read at start, as a CLI run does) and breaker, on a shared file. */
function run(path: string, now: { t: number }) {
  const store = new StateStore(path, () => now.t);
  return { store, breaker: new CircuitBreaker(store, settings, () => now.t) };
}

/** A run that opens the breaker of `m` at time `now.t`. */
function openIt(path: string, now: { t: number }): void {
  const { store, breaker } = run(path, now);
  breaker.onFailure('m', 'server_error');
  expect(breaker.onFailure('m', 'server_error')).toBe(true);
  store.save();
}

describe('CircuitBreaker across runs', () => {
  it('after the cooldown, of two runs started together exactly one probes; the other skips', () => {
    const path = file();
    const now = { t: 1_000_000 };
    openIt(path, now);
    now.t += settings.cooldownMs + 1;
    const a = run(path, now);
    const b = run(path, now);
    expect(a.breaker.acquire('m')).toEqual({ allow: true, probe: true });
    const skipped = b.breaker.acquire('m');
    expect(skipped).toMatchObject({
      allow: false,
      probeElsewhere: true,
      lastClass: 'server_error',
    });
    // The probe succeeds: its verdict is saved before the claim goes, and a third run
    // (or b again) now sees the model closed without probing.
    a.breaker.onSuccess('m');
    expect(readdirSync(dirname(path)).filter((f) => f.includes('.probe.'))).toEqual([]);
    expect(b.breaker.acquire('m')).toEqual({ allow: true, probe: false });
    expect(run(path, now).breaker.acquire('m')).toEqual({ allow: true, probe: false });
  });

  it('a run that read the state before another run’s failed probe does not probe again', () => {
    const path = file();
    const now = { t: 1_000_000 };
    openIt(path, now);
    now.t += settings.cooldownMs + 1;
    const early = run(path, now); // read "open, cooldown over" at start
    const prober = run(path, now);
    expect(prober.breaker.acquire('m')).toEqual({ allow: true, probe: true });
    expect(prober.breaker.onFailure('m', 'server_error')).toBe(true); // re-opened, saved
    const d = early.breaker.acquire('m');
    expect(d).toMatchObject({ allow: false });
    // The failed probe doubled the cooldown (adaptive, capped at the default 60 s).
    expect(d.allow === false && d.reopensInMs).toBe(2 * settings.cooldownMs);
  });

  it('a claim left by a run that died mid-probe is taken over after its TTL', () => {
    const path = file();
    const now = { t: 1_000_000 };
    openIt(path, now);
    now.t += settings.cooldownMs + 1;
    const dead = run(path, now);
    expect(dead.breaker.acquire('m')).toMatchObject({ probe: true }); // never finishes
    expect(run(path, now).breaker.acquire('m')).toMatchObject({
      allow: false,
      probeElsewhere: true,
    });
    now.t += PROBE_CLAIM_TTL_MS;
    // The breaker entry itself is still fresh enough (saved within the staleness limit).
    const later = run(path, now);
    expect(later.breaker.acquire('m')).toEqual({ allow: true, probe: true });
  });

  it('a claim without a readable time goes by its mtime; a cancelled probe releases its claim', () => {
    const path = file();
    const now = { t: 1_000_000 };
    openIt(path, now);
    now.t += settings.cooldownMs + 1;
    // Being written right now (empty): another run holds it.
    writeFileSync(`${path}.probe.m`, '');
    expect(run(path, now).breaker.acquire('m')).toMatchObject({
      allow: false,
      probeElsewhere: true,
    });
    // Torn by a run that crashed long ago: taken over.
    writeFileSync(`${path}.probe.m`, '{"pid":1,');
    const longAgo = (Date.now() - PROBE_CLAIM_TTL_MS - 1000) / 1000;
    utimesSync(`${path}.probe.m`, longAgo, longAgo);
    const a = run(path, now);
    expect(a.breaker.acquire('m')).toEqual({ allow: true, probe: true });
    a.breaker.release('m');
    expect(existsSync(`${path}.probe.m`)).toBe(false);
    expect(run(path, now).breaker.acquire('m')).toEqual({ allow: true, probe: true });
  });

  it('model names with slashes get a claim file beside the state file', () => {
    const path = file();
    const now = { t: 1_000_000 };
    const { store, breaker } = run(path, now);
    breaker.onFailure('openai/gpt-4.1', 'server_error');
    breaker.onFailure('openai/gpt-4.1', 'server_error');
    store.save();
    now.t += settings.cooldownMs + 1;
    expect(run(path, now).breaker.acquire('openai/gpt-4.1')).toMatchObject({ probe: true });
    expect(existsSync(`${path}.probe.openai%2Fgpt-4.1`)).toBe(true);
  });
});
