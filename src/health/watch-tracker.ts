import { isAvailable, type HealthStatus, type ProbeResult } from './types.js';

/** Per-model counters across `--watch` rounds (gatus-style thresholds). */
export interface ModelTrack {
  status?: HealthStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** An ALERT was sent and no RECOVERED yet. */
  alerted: boolean;
  /** Failed probes of the current outage (since the last success outside an alert). */
  failedProbes: number;
}

export type WatchEventKind = 'change' | 'alert' | 'recovered';

export interface WatchEvent {
  kind: WatchEventKind;
  round: number;
  model: string;
  /** Previous status; null on the first round. */
  from: HealthStatus | null;
  to: HealthStatus;
  result: ProbeResult;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** recovered: how many probes failed during the outage. */
  failedProbes?: number;
}

/**
 * Turns rounds of verdicts into events: `change` whenever a model's status differs from
 * its last one (and for every model on the first round), `alert` once when consecutive
 * failures (down) reach `alertAfter`, and `recovered` once when an alerted model has
 * answered (up or degraded) `recoverAfter` times in a row. Cancelled probes are ignored.
 */
export class WatchTracker {
  readonly #tracks = new Map<string, ModelTrack>();
  alerts = 0;
  recoveries = 0;

  constructor(
    readonly alertAfter: number,
    readonly recoverAfter: number,
  ) {}

  get(model: string): ModelTrack | undefined {
    return this.#tracks.get(model);
  }

  /** Models with an ALERT that has not recovered yet. */
  alerting(): string[] {
    return [...this.#tracks.entries()].filter(([, t]) => t.alerted).map(([m]) => m);
  }

  observe(round: number, results: readonly ProbeResult[]): WatchEvent[] {
    const events: WatchEvent[] = [];
    for (const r of results) {
      if (r.cancelled) continue;
      const t = this.#tracks.get(r.model) ?? {
        consecutiveFailures: 0,
        consecutiveSuccesses: 0,
        alerted: false,
        failedProbes: 0,
      };
      this.#tracks.set(r.model, t);
      const from = t.status ?? null;
      if (isAvailable(r.status)) {
        t.consecutiveSuccesses++;
        t.consecutiveFailures = 0;
      } else {
        t.consecutiveFailures++;
        t.consecutiveSuccesses = 0;
        t.failedProbes++;
      }
      t.status = r.status;
      const event = (kind: WatchEventKind): WatchEvent => ({
        kind,
        round,
        model: r.model,
        from,
        to: r.status,
        result: r,
        consecutiveFailures: t.consecutiveFailures,
        consecutiveSuccesses: t.consecutiveSuccesses,
      });
      if (from !== r.status) events.push(event('change'));
      if (!t.alerted && t.consecutiveFailures >= this.alertAfter) {
        t.alerted = true;
        this.alerts++;
        events.push(event('alert'));
      } else if (t.alerted && t.consecutiveSuccesses >= this.recoverAfter) {
        t.alerted = false;
        this.recoveries++;
        events.push({ ...event('recovered'), failedProbes: t.failedProbes });
        t.failedProbes = 0;
      } else if (!t.alerted && isAvailable(r.status)) {
        t.failedProbes = 0;
      }
    }
    return events;
  }
}
