import type { ShepherdClient } from '../core/client.js';
import { countsForBreaker } from '../core/retry.js';
import type { ProbeKind, ProbeResult } from './types.js';

/**
 * Feeds probe verdicts into the shared health/breaker state (SPEC §2), so a `chat` right
 * after a `health` that saw a model down skips it without a wasted attempt:
 * - down with a class that counts against the breaker → the breaker opens now;
 * - a completion probe that answered (up or degraded) → the breaker closes;
 * - `models`/`endpoint` probes that pass never close a breaker (they do not exercise
 *   the completion path), they only record the verdict;
 * - every verdict is recorded as `health: {status, latencyMs, checkedAt}`;
 * - cancelled probes (Ctrl-C) record nothing.
 * State is keyed by the gateway's base URL and the model (client.stateKey).
 * The caller saves the store (client.close() does).
 */
export function feedState(
  client: ShepherdClient,
  kind: ProbeKind,
  results: readonly ProbeResult[],
): void {
  for (const r of results) {
    if (r.cancelled) continue;
    const key = client.stateKey(r.gateway, r.model);
    if (r.status === 'down') {
      if (r.cls !== undefined && countsForBreaker(r.cls)) client.breaker.forceOpen(key, r.cls);
    } else if (kind === 'completion') {
      client.breaker.onSuccess(key);
    }
    const prev = client.store.get(key);
    const health: NonNullable<NonNullable<typeof prev>['health']> = {
      status: r.status,
      checkedAt: r.checkedAt,
    };
    if (r.latencyMs !== undefined) health.latencyMs = Math.round(r.latencyMs);
    const next: Parameters<typeof client.store.set>[1] = {
      failures: prev?.failures ?? 0,
      breaker: prev?.breaker ?? 'closed',
      health,
    };
    if (prev?.openedAt !== undefined) next.openedAt = prev.openedAt;
    if (prev?.lastClass !== undefined) next.lastClass = prev.lastClass;
    client.store.set(key, next);
  }
}
