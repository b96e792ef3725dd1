import { UsageError } from '../core/errors.js';
import { FIGURES, type Figure } from './figures.js';
import { Histogram } from '../core/histogram.js';
import {
  BENCH_SCHEMA,
  type BenchResult,
  type LoadInfo,
  type SloResult,
  type TargetResult,
} from './result-types.js';

export { BENCH_SCHEMA };
export { parseBenchResult } from './result-check.js';
export type { BenchResult, LoadInfo, SloResult, TargetResult };

export interface BenchResultParts {
  /** Wall-clock start of the measured window, epoch ms. */
  startedAtWall: number;
  /** The measured window (dispatching), seconds. */
  durationS: number;
  /** The drain after the window, seconds. */
  drainS?: number;
  /** The whole run on the clock (warm-up, window, drain), seconds. */
  wallS?: number;
  version: string;
  load: LoadInfo;
  targets: TargetResult[];
  eventLoopLagMs: { p99: number | null; max: number | null };
  warnings: string[];
  slo?: SloResult[];
  interrupted?: boolean;
  /** The `--goodput` terms, as typed. */
  goodput?: readonly string[];
}

/** Assembles the `shepherd.bench/v1` document in the SPEC's field order. */
export function buildBenchResult(p: BenchResultParts): BenchResult {
  return {
    schema: BENCH_SCHEMA,
    started_at: new Date(p.startedAtWall).toISOString(),
    duration_s: p.durationS,
    ...(p.drainS !== undefined ? { drain_s: p.drainS } : {}),
    ...(p.wallS !== undefined ? { wall_s: p.wallS } : {}),
    tool: { version: p.version },
    interrupted: p.interrupted ?? false,
    load: p.load,
    targets: p.targets,
    client: { event_loop_lag_ms: p.eventLoopLagMs, warnings: p.warnings },
    slo: p.slo ?? [],
    goodput: [...(p.goodput ?? [])],
  };
}

/** Decodes every figure histogram of a target; a missing or corrupt one is a UsageError. */
export function decodeHistograms(
  target: TargetResult,
  fileName: string,
): Record<Figure, Histogram> {
  const out = {} as Record<Figure, Histogram>;
  for (const figure of FIGURES) {
    const encoded = target.histograms[figure];
    if (encoded === undefined) {
      throw new UsageError(
        `${fileName}: target '${target.name}' has no '${figure}' histogram (written by an older shepherd?)`,
      );
    }
    try {
      out[figure] = Histogram.decode(encoded);
    } catch (err) {
      throw new UsageError(
        `${fileName}: target '${target.name}': the '${figure}' histogram cannot be decoded (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  return out;
}
