import type { ProbeResult } from './types.js';

/**
 * Total cost of a set of probes, exact to the micro-dollar: the sum of the known costs;
 * null when no probe has a known cost (unpriced models are left out, never counted as $0).
 */
export function totalCostUsd(results: readonly ProbeResult[]): number | null {
  let micro = 0;
  let known = false;
  for (const r of results) {
    if (r.costUsd === null) continue;
    known = true;
    micro += Math.round(r.costUsd * 1e6);
  }
  return known ? micro / 1e6 : null;
}

/** Models that answered a completion probe but whose cost is unknown (unpriced or no usage). */
export function unpricedModels(results: readonly ProbeResult[]): string[] {
  return results.filter((r) => r.costUsd === null && !r.cancelled).map((r) => r.model);
}

/** Adds money exactly (micro-dollars); null stays null only when both are null. */
export function addCost(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return (Math.round(a * 1e6) + Math.round(b * 1e6)) / 1e6;
}
