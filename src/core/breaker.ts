import type { BreakerSettings } from './settings.js';
import { cooldownOf, nextCooldown } from './cooldown.js';
import type { ErrorClass } from './errors.js';
import { countsForBreaker } from './retry.js';
import type { StateStore } from './state-store.js';

/**
 * Per-model circuit breaker on top of the shared state store: opens after `failures`
 * consecutive counting failures, skips the model while open, and after `cooldown` lets
 * exactly one half-open probe through (one per process, and one across processes through
 * the store's probe claim); the probe's outcome closes or re-opens it. The cooldown is
 * adaptive (`nextCooldown`): it doubles after each failed probe up to `maxCooldown` and
 * starts over once the model answers. Times are wall-clock ms because the state outlives
 * the process. Listeners hear every change of state this process makes (bench reports them).
 */
export type BreakerDecision =
  | { allow: true; probe: boolean }
  | { allow: false; reopensInMs: number; lastClass?: string; probeElsewhere?: boolean };

type Denied = Extract<BreakerDecision, { allow: false }>;

export type BreakerState = 'closed' | 'open' | 'half_open';

/** One change of a model's circuit made by this process; `cooldownMs` when it (re-)opened. */
export interface BreakerChange {
  model: string;
  from: BreakerState;
  to: BreakerState;
  atWall: number;
  cooldownMs?: number;
}

export class CircuitBreaker {
  readonly #probing = new Set<string>();
  readonly #listeners = new Set<(change: BreakerChange) => void>();

  constructor(
    private readonly store: StateStore,
    private readonly settings: BreakerSettings,
    private readonly wallNow: () => number,
  ) {}

  /** Calls `listener` on every change of state; returns the unsubscribe function. */
  onChange(listener: (change: BreakerChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The state of `model` as this process sees it now. */
  stateOf(model: string): BreakerState {
    if (this.#probing.has(model)) return 'half_open';
    return this.store.get(model)?.breaker === 'open' ? 'open' : 'closed';
  }

  #changed(model: string, from: BreakerState, to: BreakerState, cooldownMs?: number): void {
    if (from === to || this.#listeners.size === 0) return;
    const change: BreakerChange = { model, from, to, atWall: this.wallNow() };
    if (cooldownMs !== undefined) change.cooldownMs = cooldownMs;
    for (const listener of this.#listeners) listener(change);
  }

  /** May `model` be attempted now? Reserves the half-open probe when it is one. */
  acquire(model: string): BreakerDecision {
    const state = this.store.get(model);
    if (!state || state.breaker === 'closed') return { allow: true, probe: false };
    if (this.#coolingDown(state)) return this.#denied(state);
    if (this.#probing.has(model)) return { allow: false, reopensInMs: 0 };
    // Rule: one half-open probe across runs; another process holding the claim means skip.
    if (!this.store.claimProbe(model)) {
      const busy = this.#denied(state);
      return { ...busy, reopensInMs: 0, probeElsewhere: true };
    }
    // Rule: with the claim held, decide on the state on disk now (another run may have
    // probed since this one read it): closed → plain attempt, re-opened → still cooling down.
    const fresh = this.store.refresh(model);
    if (!fresh || fresh.breaker === 'closed' || this.#coolingDown(fresh)) {
      this.store.releaseProbe(model);
      return !fresh || fresh.breaker === 'closed'
        ? { allow: true, probe: false }
        : this.#denied(fresh);
    }
    this.#probing.add(model);
    this.#changed(model, 'open', 'half_open');
    return { allow: true, probe: true };
  }

  #coolingDown(state: { openedAt?: number; cooldownMs?: number }): boolean {
    return this.wallNow() - (state.openedAt ?? 0) < cooldownOf(this.settings, state);
  }

  #denied(state: { openedAt?: number; cooldownMs?: number; lastClass?: string }): Denied {
    const left = cooldownOf(this.settings, state) - (this.wallNow() - (state.openedAt ?? 0));
    const denied: Denied = { allow: false, reopensInMs: Math.max(0, left) };
    if (state.lastClass !== undefined) denied.lastClass = state.lastClass;
    return denied;
  }

  /**
   * A successful answer closes the breaker and resets the count. An answer to a request sent
   * (`sentAtWall`) before the circuit opened says nothing about the model since: it leaves an
   * open circuit open (under load, in-flight answers would otherwise flap it shut).
   */
  onSuccess(model: string, sentAtWall?: number): void {
    const before = this.stateOf(model);
    const prev = this.store.get(model);
    if (
      before === 'open' &&
      sentAtWall !== undefined &&
      prev?.openedAt !== undefined &&
      sentAtWall < prev.openedAt
    )
      return;
    const wasProbe = this.#probing.delete(model);
    const next: Parameters<StateStore['set']>[1] = { failures: 0, breaker: 'closed' };
    if (prev?.health) next.health = prev.health;
    this.store.set(model, next);
    if (wasProbe) this.store.releaseProbe(model);
    this.#changed(model, before, 'closed');
  }

  /**
   * A failure: counted ones may open the breaker; a failed probe re-opens it at once.
   * Returns true when this failure left the circuit open (the model must get no more requests).
   */
  onFailure(model: string, cls: ErrorClass): boolean {
    const before = this.stateOf(model);
    const wasProbe = this.#probing.delete(model);
    if (!countsForBreaker(cls)) {
      if (wasProbe) this.store.releaseProbe(model);
      this.#changed(model, before, this.stateOf(model));
      return false;
    }
    const prev = this.store.get(model);
    const failures = (prev?.failures ?? 0) + 1;
    const open = wasProbe || failures >= this.settings.failures || prev?.breaker === 'open';
    const next: Parameters<StateStore['set']>[1] = {
      failures,
      breaker: open ? 'open' : 'closed',
      lastClass: cls,
    };
    if (open) {
      // A new opening (from closed, or a failed probe) starts its cooldown now; a late
      // failure of a request sent before the circuit opened leaves the opening as it is.
      const reopens = wasProbe || prev?.breaker !== 'open';
      next.openedAt = reopens ? this.wallNow() : (prev.openedAt ?? this.wallNow());
      next.cooldownMs = reopens
        ? nextCooldown(this.settings, prev?.cooldownMs, wasProbe)
        : cooldownOf(this.settings, prev);
    }
    if (prev?.health) next.health = prev.health;
    this.store.set(model, next);
    if (wasProbe) this.store.releaseProbe(model);
    this.#changed(model, before, open ? 'open' : 'closed', next.cooldownMs);
    return open;
  }

  /** Releases a reserved probe without a verdict (cancelled attempts, refusals). */
  release(model: string): void {
    if (!this.#probing.delete(model)) return;
    this.store.releaseProbe(model);
    this.#changed(model, 'half_open', this.stateOf(model));
  }

  /** A deliberate health check saw the model down: open now, so the next chat skips it. */
  forceOpen(model: string, cls: ErrorClass): void {
    const before = this.stateOf(model);
    const prev = this.store.get(model);
    const next: Parameters<StateStore['set']>[1] = {
      failures: Math.max(prev?.failures ?? 0, this.settings.failures),
      breaker: 'open',
      openedAt: this.wallNow(),
      // Seen down again while open: the opening's cooldown stays (it does not start over).
      cooldownMs:
        prev?.breaker === 'open' ? cooldownOf(this.settings, prev) : this.settings.cooldownMs,
      lastClass: cls,
    };
    if (prev?.health) next.health = prev.health;
    this.store.set(model, next);
    this.#changed(model, before, 'open', next.cooldownMs);
  }
}
