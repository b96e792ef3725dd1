import type {
  ErrorClass,
  TargetProgress,
  SeriesPoint,
  SweepLive,
  LatencyBin,
} from '../bench/index.js';

/**
 * The view model of a running bench: plain data the engine's progress is mapped into (the
 * figures are the engine's; nothing here computes them), read
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
  targets: TargetProgress[];
  /** Open loop (`--rate`): the target rate per target, req/s. */
  targetRps?: number | undefined;
  /** How far the run is (0..1), from the engine; null while warming up or with no planned end. */
  fraction: number | null;
  /** Estimated time left, from the engine; null when unknown or stopped early. */
  etaMs: number | null;
  /** Client self-check warnings, shown prominently (event-loop lag, rate not kept). */
  warnings: string[];
  /** `warmup` while warming up (figures not yet recorded); default `run`. */
  phase?: 'warmup' | 'run' | undefined;
  /** The run ended (or was stopped); the final frame. */
  finished: boolean;
  /** The run was ended early (q, Ctrl-C). */
  interrupted?: boolean | undefined;
  /** `bench --route`: each model of the chain and the state of its circuit breaker. */
  breakers?: { model: string; state: 'closed' | 'open' | 'half_open' }[] | undefined;
  /** `--goodput` terms were given: show good requests per second. */
  goodput?: boolean | undefined;
  /** `--sweep`: the step running now and the curve so far. */
  sweep?: SweepLive | undefined;
}

/** One target's row: what both views display. */
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
  /** Good requests (`--goodput`) per second of elapsed time. */
  goodputRps: number;
  targetRps: number | null;
  /** Open loop: visibly behind the target rate (the engine's judgement). */
  behind: boolean;
  tokensPerS: number;
  tokensSource: 'usage' | 'chunks';
  latency: { p50: number | null; p90: number | null; p99: number | null };
  ttft: { p50: number | null; p99: number | null };
  itl: { p50: number | null };
  series: SeriesPoint[];
  /** Requests sent and not yet finished. */
  inFlight: number;
  /** The latency histogram panel's bars (fastest to slowest). */
  latencyBins: LatencyBin[];
}

/** One target's row: the engine's live figures, with its error classes in display order. */
export function targetRow(t: TargetProgress): TargetRow {
  const errorsByClass = (Object.entries(t.errors) as [ErrorClass, number | undefined][])
    .filter((e): e is [ErrorClass, number] => (e[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const f = t.figures;
  return {
    name: t.name,
    requests: t.requests,
    ok: t.ok,
    errors: t.errorCount,
    errorsByClass,
    successRate: t.successRate,
    rps: t.throughputRps,
    goodputRps: t.goodputRps,
    targetRps: t.targetRps,
    behind: t.behindRate,
    tokensPerS: t.outputTokensPerS,
    tokensSource: t.tokensSource,
    latency: { p50: f.latency.p50, p90: f.latency.p90, p99: f.latency.p99 },
    ttft: { p50: f.ttft.p50, p99: f.ttft.p99 },
    itl: { p50: f.itl.p50 },
    series: t.series,
    inFlight: t.inFlight,
    latencyBins: t.latencyBins,
  };
}
