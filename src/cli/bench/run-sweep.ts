import { appendFileSync } from 'node:fs';
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { outputPath, writeOutputFile } from '../output-file.js';
import { openRuntime } from '../runtime.js';
import { packageVersion } from '../version.js';
import type { BenchCliOptions } from './bench-options.js';
import { readTargetInput, readWorkload } from './bench-input.js';
import { startSweepDisplay, type SweepDisplay } from './sweep-display.js';
import { parseSweepOptions } from './sweep-options.js';
import { targetsFor } from './targets.js';
import { writeSweepHtmlReport } from './html-report.js';
import { runSweep, type SweepResult } from '../../bench/index.js';
import { EXIT } from '../../core/exit-codes.js';
import { looksFor } from '../looks.js';
import { UsageError } from '../../core/errors.js';
import { formatLoad, renderSweepSummary } from '../../ui/sweep-summary.js';
import { renderSweepGithubSummary, sweepGithubAnnotations } from '../../ui/sweep-github.js';

/** `shepherd bench --sweep` (SPEC §6): the capacity search, its live view, summary and gates. */
export async function runSweepCommand(
  opts: BenchCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  // Everything the user typed is checked before anything starts.
  const parsed = parseSweepOptions(opts);
  if (opts.trace !== undefined) {
    throw new UsageError(
      '--trace replays its own times, so it cannot be swept; drop --sweep or --trace',
    );
  }
  const workload = await readWorkload(opts, io, parsed);
  const targetInput = readTargetInput(opts);
  const outFile = opts.out !== undefined ? outputPath(opts.out, '--out', io.cwd) : undefined;
  const reportFile =
    opts.report !== undefined ? outputPath(opts.report, '--report', io.cwd) : undefined;

  const runtime = await openRuntime(globals, io);
  let display: SweepDisplay | undefined;
  try {
    const targets = await targetsFor(targetInput, runtime, parsed.timeoutMs, io.signal);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    // A Ctrl-C while the simulator or the prompts were loading has already fired: stop at once.
    if (io.signal.aborted) stop.abort();
    else io.signal.addEventListener('abort', onAbort, { once: true });
    const stepMs = 'durationMs' in parsed.stop ? parsed.stop.durationMs : undefined;
    display = await startSweepDisplay({
      io,
      globals,
      spec: parsed.spec,
      targetNames: targets.map((t) => t.name),
      stepText:
        'durationMs' in parsed.stop
          ? `${parsed.stop.durationMs / 1000} s a step`
          : `${parsed.stop.requests} requests a step`,
      stepMs,
      goodput: parsed.goodput.length > 0,
      noTui: !opts.tui,
      stop,
    });
    const result = await runSweep({
      targets,
      workload,
      spec: parsed.spec,
      precision: parsed.precision,
      arrival: parsed.arrival,
      stop: parsed.stop,
      ...(parsed.warmup ? { warmup: parsed.warmup } : {}),
      seed: parsed.seed,
      stream: opts.stream,
      version: packageVersion(),
      slo: parsed.slo,
      goodput: parsed.goodput,
      signal: stop.signal,
      listeners: display.listeners,
    });
    io.signal.removeEventListener('abort', onAbort);
    const interrupted = result.interrupted || io.signal.aborted;
    await display.finish(result, interrupted);
    writeSweepReport(io, globals, result, { json: opts.json === true, out: opts.out, outFile });
    if (reportFile) {
      writeSweepHtmlReport(reportFile, result);
      if (globals.quiet !== true) io.stderr.write(`wrote ${opts.report}\n`);
    }
    writeSweepGithub(io, result, parsed.minCapacity, opts.json === true);
    return verdict(result, parsed.minCapacity, interrupted, io);
  } finally {
    await display?.close();
    await runtime.close();
  }
}

/** stdout: the document or the summary; then --out, and a note on the steps' client warnings. */
function writeSweepReport(
  io: Io,
  globals: GlobalOptions,
  result: SweepResult,
  o: { json: boolean; out: string | undefined; outFile: string | undefined },
): void {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  io.stdout.write(o.json ? text : renderSweepSummary(result, looksFor(io, globals)));
  // After the results are on stdout: a file that cannot be written loses nothing else.
  if (o.outFile) writeOutputFile(o.outFile, text, '--out');
  if (globals.quiet === true) return;
  const steps = result.targets.flatMap((t) => t.steps);
  const warned = steps.filter((s) => s.warnings.length > 0).length;
  if (warned > 0) {
    io.stderr.write(
      `note: ${warned} of ${steps.length} steps had client warnings (their figures may be off); each step's are in its "warnings" (--json, --out)\n`,
    );
  }
  if (o.out) io.stderr.write(`wrote ${o.out}\n`);
}

/** GitHub Actions: the capacity table in $GITHUB_STEP_SUMMARY, ::error:: for a capacity too low. */
function writeSweepGithub(
  io: Io,
  result: SweepResult,
  minCapacity: number | undefined,
  json: boolean,
): void {
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, renderSweepGithubSummary(result));
  const annotations = sweepGithubAnnotations(result, minCapacity);
  // Annotations go to stdout as GitHub expects, unless stdout carries the JSON document.
  if (annotations) (json ? io.stderr : io.stdout).write(annotations);
}

/** Exit code: 130 interrupted, 4 nothing succeeded, 1 a capacity below --min-capacity, else 0. */
function verdict(
  result: SweepResult,
  minCapacity: number | undefined,
  interrupted: boolean,
  io: Io,
): number {
  if (interrupted) {
    const steps = result.targets.reduce((n, t) => n + t.steps.length, 0);
    io.stderr.write(
      `shepherd: sweep stopped early; kept ${steps} finished step${steps === 1 ? '' : 's'}\n`,
    );
    return EXIT.interrupted;
  }
  const ok = result.targets.reduce((n, t) => n + t.steps.reduce((m, s) => m + s.result.ok, 0), 0);
  if (ok === 0) {
    io.stderr.write('shepherd: no request succeeded at any step of the sweep\n');
    return EXIT.unavailable;
  }
  if (minCapacity === undefined) return EXIT.ok;
  const below = result.targets.filter((t) => (t.capacity?.load ?? 0) < minCapacity);
  if (below.length === 0) return EXIT.ok;
  io.stderr.write(
    `shepherd: capacity below --min-capacity ${minCapacity}: ${below
      .map((t) => `${t.name} ${t.capacity ? formatLoad(result.kind, t.capacity.load) : 'none'}`)
      .join('; ')}\n`,
  );
  return EXIT.checkFailed;
}
