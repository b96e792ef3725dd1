import type { TargetProgress } from './runner-types.js';
import { errorTotal, perSecond, type TargetSnapshot } from './stats.js';

/**
 * The live figures of a running bench, computed once here and handed to the views as plain
 * data (the views only format them), and the one rule for "the rate was not kept".
 */

/** Achieved below this share of the target rate is not keeping the rate (SPEC §5: 95%). */
export const RATE_KEPT_SHARE = 0.95;
/** The live achieved rate is not judged before this much of the run (it starts at 0). */
export const RATE_JUDGE_AFTER_MS = 3000;

/** True when `achieved` req/s fell below 95% of an open loop's `target` (null: closed loop). */
export function belowTargetRate(achieved: number, target: number | null): boolean {
  return target !== null && achieved < target * RATE_KEPT_SHARE;
}

/** One target's live figures, from its snapshot and the time measured so far. */
export function targetProgress(
  snap: TargetSnapshot,
  at: { measuredMs: number; targetRps: number | null; inFlight: number; queued: number },
): TargetProgress {
  const errorCount = errorTotal(snap.errors);
  const completed = snap.ok + errorCount;
  const seconds = at.measuredMs / 1000;
  const throughputRps = perSecond(completed, seconds);
  return {
    ...snap,
    inFlight: at.inFlight,
    queued: at.queued,
    errorCount,
    successRate: completed > 0 ? snap.ok / completed : null,
    throughputRps,
    goodputRps: perSecond(snap.good, seconds),
    targetRps: at.targetRps,
    outputTokensPerS: perSecond(snap.outputTokens, seconds),
    behindRate:
      at.measuredMs >= RATE_JUDGE_AFTER_MS && belowTargetRate(throughputRps, at.targetRps),
  };
}

export interface PhaseProgress {
  /** 0..1, or null when the phase has no planned end. */
  fraction: number | null;
  /** Estimated time left, or null when unknown. */
  etaMs: number | null;
}

/**
 * How far a phase is: by time when it has a planned length, else by requests finished of
 * those planned (the ETA extrapolates the pace so far).
 */
export function phaseProgress(p: {
  elapsedMs: number;
  plannedMs?: number | undefined;
  done: number;
  planned?: number | undefined;
}): PhaseProgress {
  if (p.plannedMs !== undefined && p.plannedMs > 0) {
    const fraction = Math.min(1, Math.max(0, p.elapsedMs / p.plannedMs));
    return { fraction, etaMs: Math.max(0, p.plannedMs - p.elapsedMs) };
  }
  if (p.planned !== undefined && p.planned > 0) {
    const fraction = Math.min(1, p.done / p.planned);
    const etaMs =
      p.done > 0 && p.elapsedMs > 0 ? (p.elapsedMs * (p.planned - p.done)) / p.done : null;
    return { fraction, etaMs: etaMs === null ? null : Math.max(0, etaMs) };
  }
  return { fraction: null, etaMs: null };
}
