import type { GlobalOptions } from '../context.js';
import type { Runtime } from '../runtime.js';
import type { Io } from '../io.js';
import { openRuntime } from '../runtime.js';
import { packageVersion } from '../version.js';
import type { BenchCliOptions } from './bench-options.js';
import { readBenchInput, type BenchInput } from './bench-input.js';
import { benchVerdict, writeBenchReport } from './bench-report.js';
import { startProgressDisplay, type ProgressDisplay } from './progress-display.js';
import { rehearseIfReplay } from './rehearse.js';
import { targetsWithTimeline } from './targets.js';
import { compareWithBaseline, connectionsAhead, runBench } from '../../bench/index.js';

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
  if (opts.sweep !== undefined)
    return (await import('./run-sweep.js')).runSweepCommand(opts, globals, io);
  const input = await readBenchInput(opts, io);
  const runtime = await openRuntime(globals, io);
  let display: ProgressDisplay | undefined;
  try {
    const { targets, timeline } = await benchTargets(input, runtime, io.signal);
    if (!io.signal.aborted) await rehearseIfReplay(runtime, input, opts.stream);
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
      goodput: input.goodput.length > 0,
      stop,
      ...(timeline ? { breakers: timeline } : {}),
    });
    const result = await runBench({
      targets,
      workload: input.workload,
      load: input.parsed.load,
      stop: input.parsed.stop,
      ...(input.parsed.warmup ? { warmup: input.parsed.warmup } : {}),
      ...(input.parsed.shard ? { shard: input.parsed.shard } : {}),
      seed: input.parsed.seed,
      stream: opts.stream,
      version: packageVersion(),
      slo: input.slo,
      goodput: input.goodput,
      signal: stop.signal,
      listeners: display.listeners,
    });
    io.signal.removeEventListener('abort', onAbort);
    if (timeline) {
      timeline.attach(result, `route:${input.route}`);
      timeline.close();
    }
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
      report: opts.report,
      reportFile: input.reportFile,
      baseline: input.baseline,
    });
    return benchVerdict(io, result, comparison, interrupted);
  } finally {
    await display?.close();
    await runtime.close();
  }
}

/** The run's targets (a route's with its breaker timeline); a trace replay's connections opened ahead. */
function benchTargets(
  input: BenchInput,
  runtime: Runtime,
  signal: AbortSignal,
): ReturnType<typeof targetsWithTimeline> {
  const { parsed, workload } = input;
  return targetsWithTimeline(
    input,
    runtime,
    parsed.timeoutMs,
    signal,
    parsed.hedgeMs,
    parsed.load.mode === 'closed' ? parsed.load.concurrency : undefined,
    workload.trace ? connectionsAhead(workload.trace) : 0,
  );
}
