import { Option, type Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';
import { addModelFlag, modelsOf } from '../model-flag.js';
import type { BenchCliOptions } from './bench-options.js';
import { UsageError } from '../../core/errors.js';

/** `bench` with its -m/--models (and --model) flag. */
function benchCommand(program: Command): Command {
  const base = program
    .command('bench')
    .description(
      'load-benchmark models side by side: live percentiles, SLO gates, canary comparison',
    );
  return addModelFlag(
    base,
    'models',
    'models to benchmark, each as its own target (default: the default route)',
  );
}

export function registerBench(program: Command, ctx: ProgramContext): Command {
  const bench = benchCommand(program)
    .option('-r, --route <name>', 'benchmark a whole fallback chain as one target')
    .option('--compare-url <url>', 'run the same workload against a second gateway, interleaved')
    .option('-c, --concurrency <n>', 'closed loop: requests in flight per target (default 4)')
    .option('--rate <r>', 'open loop: requests per second per target')
    .addOption(
      new Option('--arrival <kind>', 'with --rate: open-loop arrivals (default constant)').choices([
        'constant',
        'poisson',
      ]),
    )
    .option('-d, --duration <dur>', 'measured duration (default 15s)')
    .option('-n, --requests <n>', 'requests per target, instead of a duration')
    .option('--warmup <dur|n>', 'warm-up excluded from results: a duration or a request count')
    .option('--prompt <text>', 'the prompt to send')
    .option('--prompts <file>', 'prompts: JSONL ({prompt}, {messages}, ShareGPT) or ShareGPT JSON')
    .option('--max-tokens <n>', 'maximum output tokens per request (default 256)')
    .addOption(new Option('--no-stream', 'send non-streaming requests'))
    .option('--timeout <dur>', 'per-request timeout')
    .option(
      '--hedge <dur>',
      'with --route: no first token after DUR starts the next model in parallel (or off)',
    )
    .option('--out <file>', 'write the shepherd.bench/v1 result (histograms included)')
    .option('--report <file.html>', 'write an HTML report with charts (one file, works offline)')
    .option('--json', 'print the result document on stdout instead of the table')
    .option('--slo <terms>', 'e.g. "p95<800ms,ttft.p99<1s,success>=99.5%": exit 1 when violated')
    .option(
      '--goodput <terms>',
      'per-request terms, e.g. "ttft<1s,tpot<50ms": good requests/s and their share',
    )
    .option(
      '--sweep <kind=lo..hi>',
      'capacity search: concurrency=1..256 or rate=0.5..200, short steps (default 5s each)',
    )
    .option('--sweep-precision <pct>', 'with --sweep: bisect until within this share (rate: 10%)')
    .option('--min-capacity <n>', 'with --sweep and --slo: exit 1 when a capacity is below n')
    .option('--baseline <file>', 'compare with an earlier --out result: exit 1 on a regression')
    .option('--max-regression <pct>', 'regression threshold for --baseline (default 10%)')
    .option('--shard <i/n>', 'run the i-th of n equal slices of the workload')
    .option('--seed <n>', 'seed of the prompt order and arrivals (default 1)')
    .addOption(new Option('--no-tui', 'plain progress lines instead of the live view'))
    .action(
      action(ctx, async (opts: BenchCliOptions & { model?: string }, cmd: Command) => {
        const { runBenchCommand } = await import('./run-bench.js');
        const models = modelsOf(opts);
        const { model: _alias, ...rest } = opts;
        return runBenchCommand(
          { ...rest, ...(models !== undefined && { models }) },
          globalsOf(cmd),
          ctx.io,
        );
      }),
    );
  withWorkloadOptions(bench);
  bench
    .command('merge')
    .description('merge shard results exactly (histograms add; nothing is averaged)')
    .argument('<files...>', 'shepherd.bench/v1 result files')
    .option('--out <file>', 'write the merged result here')
    .option('--json', 'print the merged document instead of the table')
    .option('--slo <terms>', 'check SLO terms against the merged figures: exit 1 when violated')
    .action(
      action(ctx, async (files: string[], opts: MergeOptions, cmd: Command) => {
        const { runBenchMerge } = await import('./run-merge.js');
        return runBenchMerge(files, mergeOptions(opts, cmd), globalsOf(cmd), ctx.io);
      }),
    );
  registerReport(bench, ctx);
  return bench;
}

/** `shepherd bench report FILES --out FILE.html`: the HTML report of saved results. */
function registerReport(bench: Command, ctx: ProgramContext): void {
  bench
    .command('report')
    .description('write one self-contained HTML report (charts) of saved results')
    .argument(
      '<files...>',
      'shepherd.bench/v1 results (shards are merged) and shepherd.sweep/v1 sweeps',
    )
    .option('--out <file.html>', 'where to write the report (required)')
    .option('--baseline <file>', 'overlay an earlier result and chart the deltas with their CIs')
    .option('--max-regression <pct>', 'regression threshold shown with --baseline (default 10%)')
    .option('--slo <terms>', 'check SLO terms against the (merged) figures and show the verdicts')
    .action(
      action(ctx, async (files: string[], opts: BenchReportOptions, cmd: Command) => {
        const { runBenchReport } = await import('./run-report.js');
        const globals = globalsOf(cmd);
        return runBenchReport(files, reportOptions(opts, cmd), globals.quiet === true, ctx.io);
      }),
    );
}

type BenchReportOptions = { out?: string; baseline?: string; maxRegression?: string; slo?: string };
const REPORT_OPTIONS = new Set(['out', 'baseline', 'maxRegression', 'slo', 'tui']);

/** As for merge: `bench` declares --out, --baseline, --max-regression and --slo too; read both levels. */
function reportOptions(opts: BenchReportOptions, cmd: Command): BenchReportOptions {
  const parent = cmd.parent;
  const fromBench: BenchReportOptions = parent?.opts<BenchReportOptions>() ?? {};
  for (const option of parent?.options ?? []) {
    const key = option.attributeName();
    if (REPORT_OPTIONS.has(key) || parent?.getOptionValueSource(key) !== 'cli') continue;
    throw new UsageError(
      `bench report does not take ${option.long ?? option.flags}; it applies to a bench run (report takes --out, --baseline, --max-regression and --slo)`,
    );
  }
  const out: BenchReportOptions = {};
  for (const key of ['out', 'baseline', 'maxRegression', 'slo'] as const) {
    const value = opts[key] ?? fromBench[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

type MergeOptions = { out?: string; json?: boolean; slo?: string };
// --no-tui is harmless on a merge (it has no live view), so CI recipes may pass it everywhere.
const MERGE_OPTIONS = new Set(['out', 'json', 'slo', 'tui']);

/**
 * `bench` declares --json, --out and --slo too and commander may hand them to it, before or
 * after `merge`: read both levels. Any other `bench` option on a merge (a load flag, --baseline)
 * would be silently ignored, so it is a usage error instead.
 */
function mergeOptions(opts: MergeOptions, cmd: Command): MergeOptions {
  const parent = cmd.parent;
  const fromBench: MergeOptions = parent?.opts<MergeOptions>() ?? {};
  for (const option of parent?.options ?? []) {
    const key = option.attributeName();
    if (MERGE_OPTIONS.has(key) || parent?.getOptionValueSource(key) !== 'cli') continue;
    throw new UsageError(
      `bench merge does not take ${option.long ?? option.flags}; it applies to a bench run (merge takes --out, --json and --slo)`,
    );
  }
  const merged: MergeOptions = {};
  const out = opts.out ?? fromBench.out;
  if (out !== undefined) merged.out = out;
  if (opts.json === true || fromBench.json === true) merged.json = true;
  const slo = opts.slo ?? fromBench.slo;
  if (slo !== undefined) merged.slo = slo;
  return merged;
}

/** Generated lengths, traces and conversations (docs/bench.md "Workloads"). */
function withWorkloadOptions(bench: Command): void {
  bench
    .option(
      '--input-tokens <spec>',
      'generated prompts of exact o200k lengths: N, LO..HI, normal:MEAN,SD, lognormal:MEDIAN,SIGMA',
    )
    .option('--output-tokens <spec>', 'max_tokens per request: N, LO..HI, normal:, lognormal:')
    .option('--exact-output', 'also send min_tokens and ignore_eos (vLLM, SGLang): exact lengths')
    .option('--trace <file>', 'replay a timestamped trace (Mooncake JSONL, BurstGPT CSV) open loop')
    .option('--trace-speed <x>', 'with --trace: replay x times faster (default 1)')
    .option('--turns <n|lo..hi>', 'multi-turn: conversations of N requests carrying their history')
    .option('--think-time <dur>', 'with --turns: pause between an answer and the next turn');
}
