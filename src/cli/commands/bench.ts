import { Option, type Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';
import type { BenchCliOptions } from '../bench/bench-options.js';

export function registerBench(program: Command, ctx: ProgramContext): Command {
  const bench = program
    .command('bench')
    .description(
      'load-benchmark models side by side: live percentiles, SLO gates, canary comparison',
    )
    .option(
      '-m, --models <a,b,c>',
      'models to benchmark, each as its own target (default: the default route)',
    )
    .option('--route <name>', 'benchmark a whole fallback chain as one target')
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
    .option('--prompts <file.jsonl>', 'prompts, one JSON object per line')
    .option('--max-tokens <n>', 'maximum output tokens per request (default 256)')
    .addOption(new Option('--no-stream', 'send non-streaming requests'))
    .option('--timeout <dur>', 'per-request timeout')
    .option('--out <file>', 'write the shepherd.bench/v1 result (histograms included)')
    .option('--json', 'print the result document on stdout instead of the table')
    .option('--slo <terms>', 'e.g. "p95<800ms,ttft.p99<1s,success>=99.5%": exit 1 when violated')
    .option('--baseline <file>', 'compare with an earlier --out result: exit 1 on a regression')
    .option('--max-regression <pct>', 'regression threshold for --baseline (default 10%)')
    .option('--shard <i/n>', 'run the i-th of n equal slices of the workload')
    .option('--seed <n>', 'seed of the prompt order and arrivals (default 1)')
    .addOption(new Option('--no-tui', 'plain progress lines instead of the live view'))
    .action(
      action(ctx, async (opts: BenchCliOptions, cmd: Command) => {
        const { runBenchCommand } = await import('../bench/run-bench.js');
        return runBenchCommand(opts, globalsOf(cmd), ctx.io);
      }),
    );
  bench
    .command('merge')
    .description('merge shard results exactly (histograms add; nothing is averaged)')
    .argument('<files...>', 'shepherd.bench/v1 result files')
    .option('--out <file>', 'write the merged result here')
    .option('--json', 'print the merged document instead of the table')
    .action(
      action(ctx, async (files: string[], opts: { out?: string; json?: boolean }, cmd: Command) => {
        const { runBenchMerge } = await import('../bench/run-merge.js');
        // `bench` declares --json and --out too, and may parse them first: read both levels.
        const all = cmd.optsWithGlobals<{ out?: string; json?: boolean }>();
        const merged: { out?: string; json?: boolean } = {};
        const out = opts.out ?? all.out;
        if (out !== undefined) merged.out = out;
        if (opts.json === true || all.json === true) merged.json = true;
        return runBenchMerge(files, merged, globalsOf(cmd), ctx.io);
      }),
    );
  return bench;
}
