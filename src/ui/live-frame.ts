import type { ErrorClass } from '../core/errors.js';
import { errorTotal, perSecond, type TargetSnapshot } from '../bench/stats.js';
import type { SeriesPoint } from '../bench/series.js';
import type { LatencyBin } from '../bench/latency-bins.js';

/** A target as the live view gets it: its snapshot, and what is in flight when the engine says. */
export type LiveTarget = TargetSnapshot & { inFlight?: number };

/**
 * The view model of a running bench: plain data the runner's progress is mapped into, read
 * by the live TUI (bench-view.tsx) and by the plain progress lines (progress-line.ts).
 */
export interface LiveFrame {
  /** e.g. `shepherd bench · closed loop c=4 · 15s`. */
  title: string;
  /** Time since the measured window began (warm-up excluded once it is over). */
  elapsedMs: number;
  /** Planned length of a duration-bounded run (`-d`). */
  totalMs?: number | undefined;
  /** Requests finished so far, all targets together. */
  requestsDone: number;
  /** Planned requests of a count-bounded run (`-n` × targets). */
  requestsTotal?: number | undefined;
  targets: LiveTarget[];
  /** Open loop (`--rate`): the target rate per target, req/s. */
  targetRps?: number | undefined;
  /** Client self-check warnings, shown prominently (event-loop lag, rate not kept). */
  warnings: string[];
  /** `warmup` while warming up (figures not yet recorded); default `run`. */
  phase?: 'warmup' | 'run' | undefined;
  /** The run ended (or was stopped); the final frame. */
  finished: boolean;
  /** The run was ended early (q, Ctrl-C). */
  interrupted?: boolean | undefined;
}

/** One target's row, derived from its snapshot: what both views display. */
export interface TargetRow {
  name: string;
  requests: number;
  ok: number;
  errors: number;
  /** Error classes, largest count first. */
  errorsByClass: [ErrorClass, number][];
  /** null before any request completed. */
  successRate: number | null;
  /** Achieved: completed (ok + errors) requests per second of elapsed time. */
  rps: number;
  targetRps: number | null;
  tokensPerS: number;
  tokensSource: 'usage' | 'chunks';
  latency: { p50: number | null; p90: number | null; p99: number | null };
  ttft: { p50: number | null; p99: number | null };
  itl: { p50: number | null };
  series: SeriesPoint[];
  /** Requests sent and not yet finished; null when the frame does not say. */
  inFlight: number | null;
  latencyBins: LatencyBin[];
}

/** Per-target figures for display from a live snapshot and the elapsed time. */
export function targetRow(s: LiveTarget, elapsedMs: number, targetRps?: number): TargetRow {
  const errors = errorTotal(s.errors);
  const completed = s.ok + errors;
  const seconds = elapsedMs / 1000;
  const errorsByClass = (Object.entries(s.errors) as [ErrorClass, number | undefined][])
    .filter((e): e is [ErrorClass, number] => (e[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const f = s.figures;
  return {
    name: s.name,
    requests: s.requests,
    ok: s.ok,
    errors,
    errorsByClass,
    successRate: completed > 0 ? s.ok / completed : null,
    rps: perSecond(completed, seconds),
    targetRps: targetRps ?? null,
    tokensPerS: perSecond(s.outputTokens, seconds),
    tokensSource: s.tokensSource,
    latency: { p50: f.latency.p50, p90: f.latency.p90, p99: f.latency.p99 },
    ttft: { p50: f.ttft.p50, p99: f.ttft.p99 },
    itl: { p50: f.itl.p50 },
    series: s.series,
    inFlight: s.inFlight ?? null,
    latencyBins: s.latencyBins,
  };
}

/** Achieved below this share of the target rate is flagged (SPEC §5: 95%). */
export const RATE_KEPT_SHARE = 0.95;
/** The achieved rate is not judged before this much of the run (it starts at 0). */
export const RATE_JUDGE_AFTER_MS = 3000;

/** True when an open-loop row is visibly behind its target rate. */
export function behindRate(row: TargetRow, elapsedMs: number): boolean {
  return (
    row.targetRps !== null &&
    elapsedMs >= RATE_JUDGE_AFTER_MS &&
    row.rps < row.targetRps * RATE_KEPT_SHARE
  );
}

export interface FrameProgress {
  /** 0..1, or null when the run has no planned end. */
  fraction: number | null;
  /** Estimated time left, or null when unknown. */
  etaMs: number | null;
}

/**
 * How far the run is: by time for `-d`, by requests for `-n`. A run that finished on its own
 * is 1; one stopped early (q, Ctrl-C) keeps how far it got, with no ETA.
 */
export function frameProgress(frame: LiveFrame): FrameProgress {
  if (frame.finished && frame.interrupted !== true) return { fraction: 1, etaMs: 0 };
  if (frame.finished)
    return { fraction: frameProgress({ ...frame, finished: false }).fraction, etaMs: null };
  if (frame.phase === 'warmup') return { fraction: null, etaMs: null };
  if (frame.totalMs !== undefined && frame.totalMs > 0) {
    const fraction = Math.min(1, Math.max(0, frame.elapsedMs / frame.totalMs));
    return { fraction, etaMs: Math.max(0, frame.totalMs - frame.elapsedMs) };
  }
  if (frame.requestsTotal !== undefined && frame.requestsTotal > 0) {
    const fraction = Math.min(1, frame.requestsDone / frame.requestsTotal);
    const etaMs =
      frame.requestsDone > 0 && frame.elapsedMs > 0
        ? (frame.elapsedMs * (frame.requestsTotal - frame.requestsDone)) / frame.requestsDone
        : null;
    return { fraction, etaMs: etaMs === null ? null : Math.max(0, etaMs) };
  }
  return { fraction: null, etaMs: null };
}
