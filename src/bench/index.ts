/** The bench engine's public API (no terminal code here: the CLI and TUI consume these). */
export { runBench } from './runner.js';
export type * from './runner-types.js';
export {
  TargetStats,
  type TargetSnapshot,
  type TargetInfo,
  type FigureSummaries,
} from './stats.js';
export { Histogram, type FigureSummary } from './histogram.js';
export { FIGURES, type Figure } from './figures.js';
export { buildBenchResult, parseBenchResult, decodeHistograms, BENCH_SCHEMA } from './result.js';
export type { BenchResult, TargetResult, LoadInfo, SloResult } from './result-types.js';
export { mergeResults } from './merge.js';
export { parseSlo, evaluateSlo, type SloTerm } from './slo.js';
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
export type { Shard } from './scheduler.js';
