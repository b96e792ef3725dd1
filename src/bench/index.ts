/**
 * The bench engine's public API: the CLI and the views reach the engine through this module
 * only (a test checks it). No terminal code here: the engine hands them plain data.
 */
export { runBench } from './runner.js';
export type * from './runner-types.js';
export { DRAIN_MS } from './runner-types.js';
/** The error classes the engine counts by, so views name them without reaching into core. */
export type { ErrorClass } from '../core/errors.js';
export {
  RATE_KEPT_SHARE,
  RATE_JUDGE_AFTER_MS,
  belowTargetRate,
  phaseProgress,
  targetProgress,
  type PhaseProgress,
} from './live-figures.js';
export {
  TargetStats,
  errorTotal,
  perSecond,
  type TargetSnapshot,
  type TargetInfo,
  type FigureSummaries,
} from './stats.js';
export type { SeriesPoint } from './series.js';
export { Histogram, type Bucket, type FigureSummary } from '../core/histogram.js';
export { latencyBins, type LatencyBin } from './latency-bins.js';
export {
  intervalHistograms,
  mergeTimelines,
  type TimelineFigure,
  type TimelineIntervalJson,
  type TimelineJson,
} from './timeline.js';
export { FIGURES, type Figure } from './figures.js';
export { buildBenchResult, parseBenchResult, decodeHistograms, BENCH_SCHEMA } from './result.js';
export type {
  BenchResult,
  FigureSummaryJson,
  TargetResult,
  LoadInfo,
  SloResult,
} from './result-types.js';
export { figureSummarySchema } from './result-types.js';
export { mergeResults } from './merge.js';
export { parseSlo, evaluateSlo, violatedSlo, unjudgedSlo, type SloTerm } from './slo.js';
export {
  compareWithBaseline,
  type BaselineComparison,
  type BaselineOptions,
  type BaselineRow,
} from './baseline.js';
export {
  loadPromptsFile,
  parsePromptsJsonl,
  promptFromText,
  promptOrder,
  type BenchPrompt,
  type BenchMessage,
  type BenchRequest,
} from './prompts.js';
export { createLagMonitor, type LagMonitor } from './event-loop.js';
export { NO_SHARD, shardRequests, type Shard } from './scheduler.js';
export { Corpus } from './workload/corpus.js';
export { ExactText } from './workload/exact-text.js';
export type { OutputPolicy } from './workload/output-policy.js';
export { promptWorkload, firstTurn } from './workload/prompt-workload.js';
export { syntheticWorkload } from './workload/synthetic.js';
export { parseTokenSpec, formatTokenSpec, type TokenSpec } from './workload/token-spec.js';
export { loadTrace, parseTrace, type Trace, type TraceRequest } from './workload/trace-file.js';
export { connectionsAhead, traceWorkload } from './workload/trace-workload.js';
export { parseTurns, type TurnsSpec } from './workload/turns.js';
export type { Workload, WorkItem, WorkloadInfo } from './workload/types.js';
export type { LengthsResult, TurnResult } from './result-types.js';
export type { RouteResult, BreakerChangeJson } from './route-stats.js';
export { parseGoodput, isGood, type GoodputTerm } from './goodput.js';
export { runSweep, okRps, type SweepRunOptions, type StepPlan } from './sweep/run-sweep.js';
export type { SweepListeners, SweepProgressEvent } from './sweep/run-sweep.js';
export {
  parseSweep,
  parsePrecision,
  DEFAULT_RATE_PRECISION,
  type SweepSpec,
  type SweepKind,
} from './sweep/spec.js';
export { sweepLive, emptySweepLive, type SweepLive, type SweepCurve } from './sweep/live.js';
export {
  SWEEP_SCHEMA,
  sweepResultSchema,
  type SweepResult,
  type SweepStep,
  type SweepTarget,
} from './sweep/sweep-types.js';
