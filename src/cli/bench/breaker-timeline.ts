import type { BenchResult } from '../../bench/index.js';
import type { BreakerChange, BreakerState, CircuitBreaker } from '../../core/breaker.js';

/** Each model of a route and the state of its circuit, in chain order. */
export type BreakerStates = { model: string; state: BreakerState }[];

/**
 * The circuit breaker of a `bench --route` run over time: every change of the chain's
 * models (closed → open → half_open → closed …) as it happens, for the live view and for
 * the result's `route.breaker_changes` (a row per change in the summary).
 */
export class BreakerTimeline {
  readonly changes: BreakerChange[] = [];
  readonly #breaker: CircuitBreaker;
  readonly #models: string[];
  readonly #listeners = new Set<(change: BreakerChange) => void>();
  readonly #unsubscribe: () => void;

  constructor(breaker: CircuitBreaker, models: string[]) {
    this.#breaker = breaker;
    this.#models = models;
    this.#unsubscribe = breaker.onChange((change) => {
      if (!models.includes(change.model)) return;
      this.changes.push(change);
      for (const listener of this.#listeners) listener(change);
    });
  }

  states(): BreakerStates {
    return this.#models.map((model) => ({ model, state: this.#breaker.stateOf(model) }));
  }

  onChange(listener: (change: BreakerChange) => void): void {
    this.#listeners.add(listener);
  }

  /** Writes the changes into the route target's block, timed from the measured window's start. */
  attach(result: BenchResult, targetName: string): void {
    const route = result.targets.find((t) => t.name === targetName)?.route;
    if (!route) return;
    const origin = Date.parse(result.started_at);
    route.breaker_changes = this.changes.map((c) => ({
      t_s: Math.round(c.atWall - origin) / 1000,
      model: c.model,
      from: c.from,
      to: c.to,
      ...(c.cooldownMs !== undefined ? { cooldown_ms: c.cooldownMs } : {}),
    }));
  }

  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }
}

/** One progress line per change, e.g. `breaker: gpt-4.1 closed → open (next probe in 5s)`. */
export function breakerChangeLine(c: BreakerChange): string {
  const probe =
    c.to === 'open' && c.cooldownMs !== undefined ? ` (next probe in ${c.cooldownMs / 1000}s)` : '';
  return `breaker: ${c.model} ${label(c.from)} → ${label(c.to)}${probe}`;
}

export const label = (s: BreakerState): string => (s === 'half_open' ? 'half-open' : s);
