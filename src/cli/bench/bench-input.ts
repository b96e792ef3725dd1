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
  type BenchPrompt,
  type BenchResult,
  type SloTerm,
} from '../../bench/index.js';
import { packageRoot } from '../../config/package-root.js';
import { gatewayUrl, nameList, nonBlank } from '../../config/flag-values.js';
import { UsageError } from '../../core/errors.js';

/** Everything `shepherd bench` was given, checked: a bad value is a usage error before anything starts. */
export interface BenchInput {
  parsed: ParsedBenchOptions;
  slo: SloTerm[];
  baseline: { file: string; doc: BenchResult } | undefined;
  prompts: BenchPrompt[];
  models: string[];
  route: string | undefined;
  compareUrl: string | undefined;
  outFile: string | undefined;
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
  const parsed = parseBenchOptions(opts);
  const slo: SloTerm[] = opts.slo !== undefined ? parseSlo(opts.slo) : [];
  const baseline =
    opts.baseline !== undefined ? readResult(opts.baseline, io.cwd, '--baseline') : undefined;
  const prompts = await loadPrompts(opts, io.cwd);
  checkExclusive(opts);
  return {
    parsed,
    slo,
    baseline,
    prompts,
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
    outFile: opts.out !== undefined ? outputPath(opts.out, '--out', io.cwd) : undefined,
  };
}

async function loadPrompts(opts: BenchCliOptions, cwd: string): Promise<BenchPrompt[]> {
  if (opts.prompt !== undefined && opts.prompts !== undefined) {
    throw new UsageError('use --prompt or --prompts, not both');
  }
  if (opts.prompt !== undefined) return promptFromText(opts.prompt);
  if (opts.prompts !== undefined) return loadPromptsFile(resolve(cwd, opts.prompts));
  return loadPromptsFile(join(packageRoot(), 'fixtures/prompts/short.jsonl'));
}
