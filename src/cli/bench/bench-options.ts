import { parseDuration, tryParseDuration } from '../../config/duration.js';
import { UsageError } from '../../core/errors.js';
import type { LoadSpec, StopSpec, WarmupSpec, Shard } from '../../bench/index.js';
import {
  hedgeFlag,
  nonNegativeInt,
  positiveDuration,
  positiveInt,
  positiveNumber,
} from '../../config/flag-values.js';
import type { WorkloadCliOptions } from './workload-options.js';

/** What commander hands the bench action (strings as typed). */
export interface BenchCliOptions extends WorkloadCliOptions {
  models?: string;
  route?: string;
  compareUrl?: string;
  concurrency?: string;
  rate?: string;
  arrival?: string;
  duration?: string;
  requests?: string;
  warmup?: string;
  prompt?: string;
  prompts?: string;
  maxTokens?: string;
  stream: boolean;
  timeout?: string;
  hedge?: string;
  out?: string;
  report?: string;
  json?: boolean;
  slo?: string;
  baseline?: string;
  maxRegression?: string;
  shard?: string;
  tui: boolean;
  seed?: string;
  goodput?: string;
  sweep?: string;
  sweepPrecision?: string;
  minCapacity?: string;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_DURATION_MS = 15_000;
/** Bounds what a bench may spend by accident on a real gateway. */
export const DEFAULT_MAX_TOKENS = 256;

export interface ParsedBenchOptions {
  load: LoadSpec;
  stop: StopSpec;
  warmup?: WarmupSpec;
  shard?: Shard;
  seed: number;
  maxTokens: number;
  timeoutMs?: number;
  /** `--hedge` (route targets only); 0 = off, overriding `retry.hedge`. */
  hedgeMs?: number;
  maxRegressionPct: number;
}

export function parseBenchOptions(o: BenchCliOptions): ParsedBenchOptions {
  if (o.concurrency !== undefined && o.rate !== undefined) {
    throw new UsageError('use -c/--concurrency (closed loop) or --rate (open loop), not both');
  }
  if (o.duration !== undefined && o.requests !== undefined) {
    throw new UsageError('use -d/--duration or -n/--requests, not both');
  }
  const arrival = o.arrival ?? 'constant';
  if (arrival !== 'constant' && arrival !== 'poisson') {
    throw new UsageError(`--arrival: '${arrival}' is not constant or poisson; give one of those`);
  }
  if (o.arrival !== undefined && o.rate === undefined) {
    throw new UsageError('--arrival only works with --rate (open loop); add --rate R or drop it');
  }
  const load: LoadSpec =
    o.rate !== undefined
      ? { mode: 'open', rate: positiveNumber(o.rate, '--rate'), arrival }
      : {
          mode: 'closed',
          concurrency:
            o.concurrency !== undefined
              ? positiveInt(o.concurrency, '-c/--concurrency')
              : DEFAULT_CONCURRENCY,
        };
  const stop: StopSpec =
    o.requests !== undefined
      ? { requests: positiveInt(o.requests, '-n/--requests') }
      : {
          durationMs:
            o.duration !== undefined
              ? positiveDuration(o.duration, '-d/--duration')
              : DEFAULT_DURATION_MS,
        };
  const parsed: ParsedBenchOptions = {
    load,
    stop,
    seed: o.seed !== undefined ? nonNegativeInt(o.seed, '--seed') : 1,
    maxTokens:
      o.maxTokens !== undefined ? positiveInt(o.maxTokens, '--max-tokens') : DEFAULT_MAX_TOKENS,
    maxRegressionPct:
      o.maxRegression !== undefined ? parsePercent(o.maxRegression, '--max-regression') : 10,
  };
  if (o.warmup !== undefined) parsed.warmup = parseWarmup(o.warmup);
  if (o.shard !== undefined) parsed.shard = parseShard(o.shard);
  if (o.timeout !== undefined) parsed.timeoutMs = positiveDuration(o.timeout, '--timeout');
  if (o.hedge !== undefined) {
    if (o.route === undefined) {
      throw new UsageError(
        '--hedge races the models of a fallback chain: use it with --route NAME (a -m model is one target on its own)',
      );
    }
    parsed.hedgeMs = hedgeFlag(o.hedge);
  }
  return parsed;
}

/** `--warmup 5s` (a duration) or `--warmup 20` (requests per target). */
export function parseWarmup(text: string): WarmupSpec {
  if (tryParseDuration(text) !== undefined) return { durationMs: parseDuration(text, '--warmup') };
  if (/^\d+$/.test(text.trim())) return { requests: Number(text) };
  throw new UsageError(
    `--warmup: '${text}' is neither a duration nor a request count; give one like 5s or 20`,
  );
}

/** `--shard 2/4` → {index: 2, count: 4}, 1-based. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard: '${text}' is not I/N with 1 <= I <= N (e.g. 1/4)`);
  }
  return { index, count };
}

export function parsePercent(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!m) throw new UsageError(`${flag}: '${text}' is not a percentage; give one like 5% or 10%`);
  return Number(m[1]);
}
