import type { Clock } from '../core/clock.js';
import type { AttemptResult } from '../core/result.js';
import type { LagMonitor } from './event-loop.js';
import type { BenchPrompt, BenchRequest } from './prompts.js';
import type { BenchResult, LoadInfo } from './result-types.js';
import type { Shard } from './scheduler.js';
import type { SloTerm } from './slo.js';
import type { GoodputTerm } from './goodput.js';
import type { TargetInfo, TargetSnapshot } from './stats.js';
import type { Workload } from './workload/types.js';

export interface SendContext {
  /** Open loop: when the scheduler intended to send (monotonic ms); copy it into the result. */
  intendedStart?: number | undefined;
  /** Aborted when the run ends (drain bound passed) or is interrupted: resolve as `cancelled`. */
  signal: AbortSignal;
  /** Call on each content chunk as it streams in, so the live view shows tokens before the end. */
  onChunk?: (() => void) | undefined;
}

/** Sends one request to one target and resolves with its record (never rejects for upstream failures). */
export type SendFn = (req: BenchRequest, ctx: SendContext) => Promise<AttemptResult>;

export interface BenchTarget extends TargetInfo {
  send: SendFn;
}

export type LoadSpec =
  | { mode: 'closed'; concurrency: number }
  /** `trace`: the workload's recorded send times (`rate` is then the trace's mean rate). */
  | { mode: 'open'; rate: number; arrival: 'constant' | 'poisson' | 'trace' };

/** `durationMs` of measurement, or exactly `requests` per target (all shards together). */
export type StopSpec = { durationMs: number } | { requests: number };
export type WarmupSpec = { durationMs: number } | { requests: number };

/** How long requests still in flight may finish after a timed window ends, by default. */
export const DRAIN_MS = 5000;

export interface BenchRunOptions {
  targets: readonly BenchTarget[];
  /** The prompts to send (in seeded order), unless `workload` says what to send. */
  prompts?: readonly BenchPrompt[];
  /** What to send: token-length specs, a trace, conversations (default: `prompts`). */
  workload?: Workload;
  load: LoadSpec;
  stop: StopSpec;
  warmup?: WarmupSpec;
  /** `--shard I/N`, 1-based; default 1/1. */
  shard?: Shard;
  /** Seeds the prompt order and Poisson arrivals; default 1. */
  seed?: number;
  /** Shuffle prompts with the seed (default true); false keeps the file order. */
  shuffle?: boolean;
  stream?: boolean;
  maxTokens?: number;
  /** shepherd's version, for the result document. */
  version: string;
  slo?: readonly SloTerm[];
  /** Judge SLO percentiles even on a sample too thin for them (the sweep's short steps). */
  judgeThinSlo?: boolean;
  /** `--goodput` terms: which ok requests count as good. */
  goodput?: readonly GoodputTerm[];
  clock?: Clock;
  /** Ctrl-C: stop dispatching, drain for `abortDrainMs`, return the result (interrupted: true). */
  signal?: AbortSignal;
  /** How long in-flight requests may finish after the end of a timed run; default DRAIN_MS. */
  drainMs?: number;
  /** The same after an interruption; default 1000 ms. */
  abortDrainMs?: number;
  /** Open loop: in-flight cap per target; beyond it requests queue (keeping their intended time). Default 512. */
  maxInFlight?: number;
  /** Progress event interval; default 250 ms. */
  progressIntervalMs?: number;
  /** Defaults to perf_hooks monitorEventLoopDelay. */
  lagMonitor?: LagMonitor;
  listeners?: BenchListeners;
}

export interface BenchStartEvent {
  startedAt: string;
  targets: TargetInfo[];
  load: LoadInfo;
}

export type BenchPhase = 'warmup' | 'measure' | 'drain';

/** One target's live figures: what the views show, computed by the engine (live-figures.ts). */
export interface TargetProgress extends Omit<TargetSnapshot, 'successRate'> {
  /**
   * Requests sent in the measured phase so far: finished (`done`) plus in flight, counted as
   * the summary and the JSON count `requests`.
   */
  requests: number;
  /** Requests finished (ok, errors, cancelled). */
  done: number;
  inFlight: number;
  /** Content chunks streamed so far by the requests in flight (in the live tok/s). */
  tokensInFlight: number;
  /** Open loop: requests waiting for an in-flight slot (they keep their intended time). */
  queued: number;
  /** Requests that ended in an error, all classes together. */
  errorCount: number;
  /** ok / (ok + errors); null (not 0) before any request completed. */
  successRate: number | null;
  /** Achieved: completed (ok + errors) per second of the target's active window so far. */
  throughputRps: number;
  /** Good requests (every `--goodput` term met) per second of the measured phase so far. */
  goodputRps: number;
  /** Open loop: the shard's target rate; null in closed loop. */
  targetRps: number | null;
  /** Output tokens (completed, plus streamed by requests in flight) per second of its active window. */
  outputTokensPerS: number;
  /** The target's active window so far: first send to now (or to its last completion once idle). */
  activeMs: number;
  /** Open loop: visibly behind the target rate (below 95%, judged after the first 3 s). */
  behindRate: boolean;
}

export interface BenchProgressEvent {
  phase: BenchPhase;
  /** ms since the current phase began. */
  elapsedMs: number;
  /** 0..1 of the current phase (by time or by requests). */
  fraction: number;
  /** Estimated time left in the current phase; null while unknown (no request done yet). */
  etaMs: number | null;
  /**
   * While draining (phase `drain`): how long the drain has run, its bound (it ends sooner when
   * the last request is in), and the requests still in flight. `elapsedMs` then stays at the
   * window's length.
   */
  drain?: { elapsedMs: number; boundMs: number; inFlight: number };
  targets: TargetProgress[];
}

export interface BenchRequestEvent {
  target: string;
  result: AttemptResult;
  warmup: boolean;
}

export interface BenchListeners {
  start?(event: BenchStartEvent): void;
  progress?(event: BenchProgressEvent): void;
  request?(event: BenchRequestEvent): void;
  warning?(message: string): void;
  end?(result: BenchResult): void;
}
