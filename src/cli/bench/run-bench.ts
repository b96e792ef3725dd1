import { readFileSync, appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { outputPath, writeOutputFile } from '../output-file.js';
import { openRuntime } from '../runtime.js';
import { packageVersion } from '../version.js';
import { parseBenchOptions, type BenchCliOptions } from './bench-options.js';
import { FrameBuilder } from './live-output.js';
import { loadWorkload, parseWorkloadOptions, traceLoad } from './workload-options.js';
import { buildTargets, withCompareGateway, type TargetPlan } from './targets.js';
import { runBench } from '../../bench/runner.js';
import { parseSlo, type SloTerm } from '../../bench/slo.js';
import { compareWithBaseline, type BaselineComparison } from '../../bench/baseline.js';
import { parseBenchResult, type BenchResult } from '../../bench/result.js';
import { resolveChain } from '../../config/resolve.js';
import { UsageError } from '../../core/errors.js';
import { gatewayUrl, nameList, nonBlank } from '../../config/flag-values.js';
import { EXIT } from '../../core/exit-codes.js';
import { progressMode } from '../../ui/should-use-tui.js';
import { shouldUseColor } from '../../ui/color.js';
import { progressPrinter } from '../../ui/progress-line.js';
import type { LiveView } from '../../ui/live-view.js';
import { describeLoad } from '../../ui/load-caption.js';
import { formatSloValue, renderBenchNotes, renderBenchSummary } from '../../ui/bench-summary.js';
import { baselineMarkdown, renderBaselineTable } from '../../ui/baseline-table.js';
import { githubAnnotations, renderGithubSummary } from '../../ui/github-summary.js';

/** `shepherd bench` (SPEC §5 bench): load run, live view, summary, result file and gates. */
export async function runBenchCommand(
  opts: BenchCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  // Everything the user typed is checked before anything starts.
  const parsed = parseBenchOptions(opts);
  const slo: SloTerm[] = opts.slo !== undefined ? parseSlo(opts.slo) : [];
  const baseline =
    opts.baseline !== undefined ? readResult(opts.baseline, io.cwd, '--baseline') : undefined;
  const workloadFlags = parseWorkloadOptions(opts);
  const workload = await loadWorkload(workloadFlags, opts, {
    cwd: io.cwd,
    seed: parsed.seed,
    maxTokens: parsed.maxTokens,
  });
  if (workload.trace) Object.assign(parsed, traceLoad(workload, opts, parsed.stop));
  if (opts.route !== undefined && opts.models !== undefined)
    throw new UsageError('use -m/--models or --route, not both');
  if (opts.route !== undefined && opts.compareUrl !== undefined)
    throw new UsageError(
      '--compare-url compares models; it cannot be combined with --route: use -m/--models or drop --route',
    );
  const models =
    opts.models !== undefined ? nameList(opts.models, '-m/--models', 'gpt-4.1,deepseek-v3.2') : [];
  const route =
    opts.route !== undefined
      ? nonBlank(opts.route, '--route', 'a route name from the config file, e.g. default')
      : undefined;
  const compareUrl =
    opts.compareUrl !== undefined ? gatewayUrl(opts.compareUrl, '--compare-url') : undefined;
  const outFile = opts.out !== undefined ? outputPath(opts.out, '--out', io.cwd) : undefined;

  const runtime = await openRuntime(globals, io);
  let live: LiveView | undefined;
  try {
    const settings = compareUrl
      ? withCompareGateway(runtime.settings, compareUrl)
      : runtime.settings;
    const client = runtime.client({ settings, stateStore: null });
    const plan: TargetPlan = { models: [] };
    if (route !== undefined) plan.route = { name: route, chain: resolveChain(settings, { route }) };
    else plan.models = resolveChain(settings, models.length > 0 ? { models } : {});
    if (compareUrl) plan.compareUrl = compareUrl;
    const targets = buildTargets(plan, client, parsed.timeoutMs);

    const quiet = globals.quiet === true;
    const mode = progressMode({
      stderrIsTTY: io.stderr.isTTY,
      env: io.env,
      noTuiFlag: !opts.tui,
      quiet,
    });
    const color = shouldUseColor({
      isTTY: io.stdout.isTTY === true,
      env: io.env,
      noColorFlag: globals.color === false,
    });
    const stopController = new AbortController();
    const onAbort = (): void => stopController.abort();
    // A Ctrl-C while the simulator or the prompts were loading has already fired: stop at once.
    if (io.signal.aborted) stopController.abort();
    else io.signal.addEventListener('abort', onAbort, { once: true });

    const loadText = describeLoad({
      mode: parsed.load.mode,
      ...(parsed.load.mode === 'closed'
        ? { concurrency: parsed.load.concurrency }
        : { rate: parsed.load.rate, arrival: parsed.load.arrival }),
      warmup: null,
      shard: parsed.shard ?? null,
    } as BenchResult['load']);
    const frames = new FrameBuilder({
      title: `shepherd bench · ${loadText}`,
      ...('durationMs' in parsed.stop
        ? { totalMs: parsed.stop.durationMs }
        : { requestsTotal: parsed.stop.requests * targets.length }),
      ...(parsed.load.mode === 'open'
        ? { targetRps: parsed.load.rate / (parsed.shard?.count ?? 1) }
        : {}),
    });
    let quitByKey = false;
    if (mode === 'tui') {
      const { startLiveView } = await import('../../ui/live-view.js');
      live = startLiveView({
        stdout: io.stderr as NodeJS.WriteStream,
        color: shouldUseColor({ isTTY: true, env: io.env, noColorFlag: globals.color === false }),
        onQuit: (reason) => {
          quitByKey = true;
          stopController.abort();
          // The Ctrl-C key counts as the first Ctrl-C, so the next one ends the process.
          if (reason === 'ctrl-c') io.interrupt?.();
        },
        // Ctrl-C again (after q or Ctrl-C): out now, as a second SIGINT would. The view lets go
        // of the terminal first (raw mode off, cursor back), then the process ends.
        onForceQuit: () => {
          void live?.stop();
          if (!io.signal.aborted) io.interrupt?.();
          io.interrupt?.();
        },
        poll: () => frames.frame,
      });
    }
    const printer = mode === 'lines' ? progressPrinter() : undefined;
    const emitLines = (text: string): void => {
      if (text) io.stderr.write(text);
    };
    if (mode === 'lines') {
      io.stderr.write(`shepherd bench: ${targets.map((t) => t.name).join(', ')} · ${loadText}\n`);
    }

    const result = await runBench({
      targets,
      workload,
      load: parsed.load,
      stop: parsed.stop,
      ...(parsed.warmup ? { warmup: parsed.warmup } : {}),
      ...(parsed.shard ? { shard: parsed.shard } : {}),
      seed: parsed.seed,
      stream: opts.stream,
      version: packageVersion(),
      slo,
      signal: stopController.signal,
      listeners: {
        progress: (e) => {
          const frame = frames.progress(e);
          live?.update(frame);
          if (printer) emitLines(printer.next(frame));
        },
        warning: (message) => {
          const frame = frames.warning(message);
          live?.update(frame);
          if (printer) emitLines(printer.next(frame));
          else if (mode === 'silent') io.stderr.write(`warning: ${message}\n`);
        },
      },
    });
    io.signal.removeEventListener('abort', onAbort);
    const interrupted = result.interrupted === true || io.signal.aborted || quitByKey;
    if (live) {
      await live.stop(frames.finish(interrupted));
      live = undefined;
    }

    const comparison: BaselineComparison | undefined = baseline
      ? compareWithBaseline(result, baseline.doc, {
          maxRegressionPct: parsed.maxRegressionPct,
          baselineFile: baseline.file,
          seed: parsed.seed,
        })
      : undefined;

    if (opts.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.stdout.write(renderBenchSummary(result, { color, columns: io.stdout.columns ?? 100 }));
      if (comparison) io.stdout.write(renderBaselineTable(comparison, { color }));
    }
    // After the results are on stdout: a file that cannot be written loses nothing else.
    if (outFile) writeOutputFile(outFile, `${JSON.stringify(result, null, 2)}\n`, '--out');
    if (!quiet)
      io.stderr.write(
        renderBenchNotes(result, {
          color: shouldUseColor({
            isTTY: io.stderr.isTTY === true,
            env: io.env,
            noColorFlag: globals.color === false,
          }),
        }),
      );
    if (opts.out && !quiet) io.stderr.write(`wrote ${opts.out}\n`);
    writeGithub(io, result, comparison, opts);

    const ok = result.targets.reduce((n, t) => n + t.ok, 0);
    const violated = (result.slo ?? []).filter((s) => !s.ok);
    if (violated.length > 0) io.stderr.write(sloViolationLine(result));
    if (comparison && comparison.regressions.length > 0) {
      io.stderr.write(
        `shepherd: regression beyond ${parsed.maxRegressionPct}% and the noise: ${comparison.regressions
          .map(
            (r) =>
              `${r.target} ${r.figure} ${r.deltaPct === null ? '' : `${r.deltaPct > 0 ? '+' : ''}${r.deltaPct.toFixed(1)}%`}`,
          )
          .join('; ')}\n`,
      );
    }
    if (interrupted) return EXIT.interrupted;
    if (ok === 0) {
      io.stderr.write(`shepherd: no request succeeded: ${failureSummary(result)}\n`);
      return EXIT.unavailable;
    }
    if (violated.length > 0 || (comparison && comparison.regressions.length > 0))
      return EXIT.checkFailed;
    return EXIT.ok;
  } finally {
    if (live) await live.stop();
    await runtime.close();
  }
}

function failureSummary(result: BenchResult): string {
  return result.targets
    .map((t) => {
      const errors = Object.entries(t.errors)
        .map(([cls, n]) => `${cls} ${n}`)
        .join(', ');
      return `${t.name}: ${errors || 'no request completed'}`;
    })
    .join('; ');
}

/**
 * Reads a `shepherd.bench/v1` file. `flag` (`--baseline`) is named in errors, so the user
 * sees which option pointed at the bad file.
 */
export function readResult(
  file: string,
  cwd: string,
  flag?: string,
): { file: string; doc: BenchResult } {
  const name = flag ? `${flag} ${file}` : file;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(
      `${name}: cannot read it (${code}); pass a result written by shepherd bench --out`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${name}: not JSON; pass a result written by shepherd bench --out`);
  }
  return { file, doc: parseBenchResult(json, name) };
}

/** The one-line verdict on stderr naming every violated SLO term ('' when all are met). */
export function sloViolationLine(result: BenchResult): string {
  const violated = (result.slo ?? []).filter((s) => !s.ok);
  if (violated.length === 0) return '';
  return `shepherd: SLO violated: ${violated.map((s) => `${s.target ? `${s.target}: ` : ''}${s.term} (${formatSloValue(s)})`).join('; ')}\n`;
}

/** GitHub Actions: a Markdown summary in $GITHUB_STEP_SUMMARY and ::error:: lines for failed checks. */
export function writeGithub(
  io: Io,
  result: BenchResult,
  comparison: BaselineComparison | undefined,
  opts: { json?: boolean },
): void {
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (file)
    appendFileSync(
      file,
      renderGithubSummary(result) + (comparison ? baselineMarkdown(comparison) : ''),
    );
  let annotations = githubAnnotations(result);
  for (const r of comparison?.regressions ?? []) {
    annotations += `::error title=shepherd bench regression::${r.target} ${r.figure} ${r.deltaPct === null ? '' : `+${r.deltaPct.toFixed(1)}%`} vs baseline\n`;
  }
  // Annotations go to stdout as GitHub expects, unless stdout carries the JSON document.
  if (annotations) (opts.json ? io.stderr : io.stdout).write(annotations);
}
