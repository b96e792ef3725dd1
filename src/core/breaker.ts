import type { BreakerSettings } from './settings.js';
import type { ErrorClass } from './errors.js';
import { countsForBreaker } from './retry.js';
import type { StateStore } from './state-store.js';

/**
 * Per-model circuit breaker on top of the shared state store: opens after `failures`
 * consecutive counting failures, skips the model while open, and after `cooldown` lets
 * exactly one half-open probe through (one per process, and one across processes through
 * the store's probe claim); the probe's outcome closes or re-opens it. Times are wall-clock
 * ms because the state outlives the process.
 */
export type BreakerDecision =
  | { allow: true; probe: boolean }
  | { allow: false; reopensInMs: number; lastClass?: string; probeElsewhere?: boolean };

type Denied = Extract<BreakerDecision, { allow: false }>;

export class CircuitBreaker {
  readonly #probing = new Set<string>();

  constructor(
    private readonly store: StateStore,
    private readonly settings: BreakerSettings,
    private readonly wallNow: () => number,
  ) {}

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
    return { allow: true, probe: true };
  }

  #coolingDown(state: { openedAt?: number }): boolean {
    return this.wallNow() - (state.openedAt ?? 0) < this.settings.cooldownMs;
  }

  #denied(state: { openedAt?: number; lastClass?: string }): Denied {
    const denied: Denied = {
      allow: false,
      reopensInMs: Math.max(0, this.settings.cooldownMs - (this.wallNow() - (state.openedAt ?? 0))),
    };
    if (state.lastClass !== undefined) denied.lastClass = state.lastClass;
    return denied;
  }

  /** A successful answer closes the breaker and resets the count. */
  onSuccess(model: string): void {
    const wasProbe = this.#probing.delete(model);
    const prev = this.store.get(model);
    const next: Parameters<StateStore['set']>[1] = { failures: 0, breaker: 'closed' };
    if (prev?.health) next.health = prev.health;
    this.store.set(model, next);
    if (wasProbe) this.store.releaseProbe(model);
  }

  /**
   * A failure: counted ones may open the breaker; a failed probe re-opens it at once.
   * Returns true when this failure left the circuit open (the model must get no more requests).
   */
  onFailure(model: string, cls: ErrorClass): boolean {
    const wasProbe = this.#probing.delete(model);
    if (!countsForBreaker(cls)) {
      if (wasProbe) this.store.releaseProbe(model);
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
    if (open)
      next.openedAt =
        wasProbe || prev?.breaker !== 'open' ? this.wallNow() : (prev.openedAt ?? this.wallNow());
    if (prev?.health) next.health = prev.health;
    this.store.set(model, next);
    if (wasProbe) this.store.releaseProbe(model);
    return open;
  }

  /** Releases a reserved probe without a verdict (cancelled attempts, refusals). */
  release(model: string): void {
    if (this.#probing.delete(model)) this.store.releaseProbe(model);
  }

  /** A deliberate health check saw the model down: open now, so the next chat skips it. */
  forceOpen(model: string, cls: ErrorClass): void {
    const prev = this.store.get(model);
    const next: Parameters<StateStore['set']>[1] = {
      failures: Math.max(prev?.failures ?? 0, this.settings.failures),
      breaker: 'open',
      openedAt: this.wallNow(),
      lastClass: cls,
    };
    if (prev?.health) next.health = prev.health;
    this.store.set(model, next);
  }
}
