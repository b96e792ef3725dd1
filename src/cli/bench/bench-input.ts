import type { Io } from '../io.js';
import { outputPath } from '../output-file.js';
import {
  parseBenchOptions,
  type BenchCliOptions,
  type ParsedBenchOptions,
} from './bench-options.js';
import { readResult } from './result-file.js';
import { loadWorkload, parseWorkloadOptions, traceLoad } from './workload-options.js';
import {
  parseSlo,
  parseGoodput,
  type GoodputTerm,
  type BenchResult,
  type SloTerm,
  type Workload,
} from '../../bench/index.js';
import { gatewayUrl, nameList, nonBlank } from '../../config/flag-values.js';
import { UsageError } from '../../core/errors.js';

/** Everything `shepherd bench` was given, checked: a bad value is a usage error before anything starts. */
export interface BenchInput extends TargetInput {
  parsed: ParsedBenchOptions;
  slo: SloTerm[];
  /** `--goodput` terms (empty: every ok request is good). */
  goodput: GoodputTerm[];
  baseline: { file: string; doc: BenchResult } | undefined;
  /** What the run sends: prompts, generated lengths, a trace or conversations. */
  workload: Workload;
  outFile: string | undefined;
  /** `--report FILE.html`, resolved. */
  reportFile: string | undefined;
}

/** The target flags (`-m`, `--route`, `--compare-url`), checked. */
export interface TargetInput {
  models: string[];
  route: string | undefined;
  compareUrl: string | undefined;
}

function checkExclusive(opts: BenchCliOptions): void {
  if (opts.route !== undefined && opts.models !== undefined)
    throw new UsageError('use -m/--models or --route, not both');
  if (opts.route !== undefined && opts.compareUrl !== undefined)
    throw new UsageError(
      '--compare-url compares models; it cannot be combined with --route: use -m/--models or drop --route',
    );
}

/** Checks the options, in the order the user sees errors: load flags, SLO, baseline, workload, targets. */
export async function readBenchInput(opts: BenchCliOptions, io: Io): Promise<BenchInput> {
  for (const [value, flag] of [
    [opts.sweepPrecision, '--sweep-precision'],
    [opts.minCapacity, '--min-capacity'],
  ] as const) {
    if (value !== undefined) throw new UsageError(`${flag} only works with --sweep`);
  }
  const parsed = parseBenchOptions(opts);
  const slo: SloTerm[] = opts.slo !== undefined ? parseSlo(opts.slo) : [];
  const goodput = opts.goodput !== undefined ? parseGoodput(opts.goodput) : [];
  const baseline =
    opts.baseline !== undefined ? readResult(opts.baseline, io.cwd, '--baseline') : undefined;
  const workload = await readWorkload(opts, io, parsed);
  if (workload.trace) Object.assign(parsed, traceLoad(workload, opts, parsed.stop));
  return {
    parsed,
    slo,
    goodput,
    baseline,
    workload,
    ...readTargetInput(opts),
    outFile: opts.out !== undefined ? outputPath(opts.out, '--out', io.cwd) : undefined,
    reportFile: opts.report !== undefined ? outputPath(opts.report, '--report', io.cwd) : undefined,
  };
}

/** `-m`, `--route` and `--compare-url`, checked (one of -m and --route; no --route with --compare-url). */
export function readTargetInput(opts: BenchCliOptions): TargetInput {
  checkExclusive(opts);
  return {
    models:
      opts.models !== undefined
        ? nameList(opts.models, '-m/--models', 'gpt-4.1,deepseek-v3.2')
        : [],
    route:
      opts.route !== undefined
        ? nonBlank(opts.route, '--route', 'a route name from the config file, e.g. default')
        : undefined,
    compareUrl:
      opts.compareUrl !== undefined ? gatewayUrl(opts.compareUrl, '--compare-url') : undefined,
  };
}

/** The workload flags, checked and loaded (prompts, a trace, or the corpus for generated ones). */
export function readWorkload(
  opts: BenchCliOptions,
  io: Io,
  parsed: { seed: number; maxTokens: number },
): Promise<Workload> {
  return loadWorkload(parseWorkloadOptions(opts), opts, {
    cwd: io.cwd,
    seed: parsed.seed,
    maxTokens: parsed.maxTokens,
  });
}
