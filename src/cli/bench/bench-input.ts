import { join, resolve } from 'node:path';
import type { Io } from '../io.js';
import { outputPath } from '../output-file.js';
import {
  parseBenchOptions,
  type BenchCliOptions,
  type ParsedBenchOptions,
} from './bench-options.js';
import { readResult } from './result-file.js';
import {
  loadPromptsFile,
  promptFromText,
  parseSlo,
  parseGoodput,
  type GoodputTerm,
  type BenchPrompt,
  type BenchResult,
  type SloTerm,
} from '../../bench/index.js';
import { packageRoot } from '../../config/package-root.js';
import { gatewayUrl, nameList, nonBlank } from '../../config/flag-values.js';
import { UsageError } from '../../core/errors.js';

/** Everything `shepherd bench` was given, checked: a bad value is a usage error before anything starts. */
export interface BenchInput extends TargetInput {
  parsed: ParsedBenchOptions;
  slo: SloTerm[];
  /** `--goodput` terms (empty: every ok request is good). */
  goodput: GoodputTerm[];
  baseline: { file: string; doc: BenchResult } | undefined;
  prompts: BenchPrompt[];
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

/** Checks the options, in the order the user sees errors: load flags, SLO, baseline, prompts, targets. */
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
  const prompts = await loadPrompts(opts, io.cwd);
  return {
    parsed,
    slo,
    goodput,
    baseline,
    prompts,
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

export async function loadPrompts(opts: BenchCliOptions, cwd: string): Promise<BenchPrompt[]> {
  if (opts.prompt !== undefined && opts.prompts !== undefined) {
    throw new UsageError('use --prompt or --prompts, not both');
  }
  if (opts.prompt !== undefined) return promptFromText(opts.prompt);
  if (opts.prompts !== undefined) return loadPromptsFile(resolve(cwd, opts.prompts));
  return loadPromptsFile(join(packageRoot(), 'fixtures/prompts/short.jsonl'));
}
