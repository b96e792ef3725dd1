import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { packageVersion } from '../version.js';
import type { BenchCliOptions } from './bench-options.js';
import { readBenchInput, type BenchInput } from './bench-input.js';
import { benchVerdict, writeBenchReport } from './bench-report.js';
import { startProgressDisplay, type ProgressDisplay } from './progress-display.js';
import { buildTargets, resolveSentIds, withCompareGateway, type TargetPlan } from './targets.js';
import { compareWithBaseline, runBench, type BenchTarget } from '../../bench/index.js';
import { resolveChain } from '../../config/resolve.js';

/**
 * `shepherd bench` (SPEC §5 bench): everything checked first (bench-input.ts), then the
 * targets, the progress display (progress-display.ts), the run, the baseline comparison, the
 * report and the exit code (bench-report.ts).
 */
export async function runBenchCommand(
  opts: BenchCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const input = await readBenchInput(opts, io);
  const runtime = await openRuntime(globals, io);
  let display: ProgressDisplay | undefined;
  try {
    const targets = await targetsFor(input, runtime, io.signal);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    // A Ctrl-C while the simulator or the prompts were loading has already fired: stop at once.
    if (io.signal.aborted) stop.abort();
    else io.signal.addEventListener('abort', onAbort, { once: true });
    display = await startProgressDisplay({
      io,
      globals,
      parsed: input.parsed,
      targetNames: targets.map((t) => t.name),
      noTui: !opts.tui,
      stop,
    });
    const result = await runBench({
      targets,
      prompts: input.prompts,
      load: input.parsed.load,
      stop: input.parsed.stop,
      ...(input.parsed.warmup ? { warmup: input.parsed.warmup } : {}),
      ...(input.parsed.shard ? { shard: input.parsed.shard } : {}),
      seed: input.parsed.seed,
      stream: opts.stream,
      maxTokens: input.parsed.maxTokens,
      version: packageVersion(),
      slo: input.slo,
      signal: stop.signal,
      listeners: display.listeners,
    });
    io.signal.removeEventListener('abort', onAbort);
    const interrupted = result.interrupted === true || io.signal.aborted || display.quitByKey;
    await display.finish(interrupted);

    const comparison = input.baseline
      ? compareWithBaseline(result, input.baseline.doc, {
          maxRegressionPct: input.parsed.maxRegressionPct,
          baselineFile: input.baseline.file,
          seed: input.parsed.seed,
        })
      : undefined;
    writeBenchReport(io, globals, result, comparison, {
      json: opts.json === true,
      out: opts.out,
      outFile: input.outFile,
      shownWarnings: display.shownWarnings,
    });
    return benchVerdict(io, result, comparison, interrupted);
  } finally {
    await display?.close();
    await runtime.close();
  }
}

/** The targets: a route as one target, or each model (and each again on --compare-url). */
async function targetsFor(
  input: BenchInput,
  runtime: Runtime,
  signal: AbortSignal,
): Promise<BenchTarget[]> {
  const settings = input.compareUrl
    ? withCompareGateway(runtime.settings, input.compareUrl)
    : runtime.settings;
  const client = runtime.client({ settings, stateStore: null });
  const plan: TargetPlan = { models: [] };
  if (input.route !== undefined) {
    plan.route = { name: input.route, chain: resolveChain(settings, { route: input.route }) };
  } else {
    plan.models = resolveChain(settings, input.models.length > 0 ? { models: input.models } : {});
  }
  if (input.compareUrl) plan.compareUrl = input.compareUrl;
  const sentIds = await resolveSentIds(plan, client, signal);
  return buildTargets(plan, client, input.parsed.timeoutMs, sentIds);
}
