import { UsageError } from '../../core/errors.js';
import { positiveNumber } from '../../config/flag-values.js';
import {
  DEFAULT_RATE_PRECISION,
  parseGoodput,
  parsePrecision,
  parseSlo,
  parseSweep,
  type GoodputTerm,
  type SloTerm,
  type StopSpec,
  type SweepSpec,
} from '../../bench/index.js';
import {
  parseBenchOptions,
  type BenchCliOptions,
  type ParsedBenchOptions,
} from './bench-options.js';

/** Default length of one sweep step: a fast gateway's sweep ends in about a minute. */
export const DEFAULT_STEP_MS = 5000;

export interface ParsedSweepOptions extends Omit<ParsedBenchOptions, 'load' | 'shard'> {
  spec: SweepSpec;
  precision: number;
  arrival: 'constant' | 'poisson';
  slo: SloTerm[];
  goodput: GoodputTerm[];
  minCapacity?: number;
}

/** `bench --sweep` flags: the sweep sets the load, so -c, --rate, --shard and --baseline are refused. */
export function parseSweepOptions(o: BenchCliOptions): ParsedSweepOptions {
  const spec = parseSweep(o.sweep ?? '');
  const clash = (
    [
      [o.concurrency, '-c/--concurrency'],
      [o.rate, '--rate'],
      [o.shard, '--shard'],
      [o.baseline, '--baseline'],
      [o.maxRegression, '--max-regression'],
    ] as const
  ).find(([v]) => v !== undefined);
  if (clash) throw new UsageError(`--sweep sets the load of every step; drop ${clash[1]}`);
  if (o.arrival !== undefined && spec.kind !== 'rate') {
    throw new UsageError('--arrival only works with --sweep rate=LO..HI (open loop)');
  }
  const { arrival: _arrival, ...rest } = o;
  const { load: _load, ...base } = parseBenchOptions(rest);
  const stop: StopSpec =
    o.requests === undefined && o.duration === undefined
      ? { durationMs: DEFAULT_STEP_MS }
      : base.stop;
  const slo = o.slo !== undefined ? parseSlo(o.slo) : [];
  const parsed: ParsedSweepOptions = {
    ...base,
    stop,
    spec,
    precision:
      o.sweepPrecision !== undefined
        ? parsePrecision(o.sweepPrecision)
        : spec.kind === 'rate'
          ? DEFAULT_RATE_PRECISION
          : 0,
    arrival: o.arrival === 'poisson' ? 'poisson' : 'constant',
    slo,
    goodput: o.goodput !== undefined ? parseGoodput(o.goodput) : [],
  };
  if (o.minCapacity !== undefined) {
    if (slo.length === 0) {
      throw new UsageError(
        '--min-capacity needs --slo: capacity is the load at which the SLO held',
      );
    }
    parsed.minCapacity = positiveNumber(o.minCapacity, '--min-capacity');
  }
  return parsed;
}
