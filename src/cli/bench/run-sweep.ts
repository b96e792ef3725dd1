import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { outputPath, writeOutputFile } from '../output-file.js';
import { openRuntime } from '../runtime.js';
import { packageVersion } from '../version.js';
import { parseSweepOptions } from './sweep-options.js';
import type { BenchCliOptions } from './bench-options.js';
import { FrameBuilder } from './live-output.js';
import { loadPrompts, readTargetInput } from './bench-input.js';
import { targetsFor } from './targets.js';
import {
  emptySweepLive,
  runSweep,
  sweepLive,
  type StepPlan,
  type SweepResult,
} from '../../bench/index.js';
import { EXIT } from '../../core/exit-codes.js';
import { progressMode } from '../../ui/should-use-tui.js';
import { shouldUseColor } from '../../ui/color.js';
import type { LiveFrame } from '../../ui/live-frame.js';
import type { LiveView } from '../../ui/live-view.js';
import { formatLoad, renderSweepSummary } from '../../ui/sweep-summary.js';
import { stepLine } from '../../ui/sweep-live.js';

/** `shepherd bench --sweep` (SPEC §6): the capacity search, its live view, summary and gates. */
export async function runSweepCommand(
  opts: BenchCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  // Everything the user typed is checked before anything starts.
  const parsed = parseSweepOptions(opts);
  const prompts = await loadPrompts(opts, io.cwd);
  const targetInput = readTargetInput(opts);
  const outFile = opts.out !== undefined ? outputPath(opts.out, '--out', io.cwd) : undefined;

  const runtime = await openRuntime(globals, io);
  let live: LiveView | undefined;
  try {
    const targets = targetsFor(targetInput, runtime, parsed.timeoutMs);
    const quiet = globals.quiet === true;
    const mode = progressMode({
      stderrIsTTY: io.stderr.isTTY,
      env: io.env,
      noTuiFlag: !opts.tui,
      quiet,
    });
    const colorFor = (isTTY: boolean): boolean =>
      shouldUseColor({ isTTY, env: io.env, noColorFlag: globals.color === false });
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    if (io.signal.aborted) stop.abort();
    else io.signal.addEventListener('abort', onAbort, { once: true });

    const { spec } = parsed;
    const title = `shepherd bench --sweep ${spec.kind}=${spec.lo}..${spec.hi}`;
    const stepTotal = 'durationMs' in parsed.stop ? { totalMs: parsed.stop.durationMs } : undefined;
    const frames = new FrameBuilder({ title, ...stepTotal, goodput: parsed.goodput.length > 0 });
    let plans: StepPlan[] = [];
    let doc: SweepResult | undefined;
    let frame = (): LiveFrame => ({
      ...frames.frame,
      sweep: doc
        ? sweepLive(doc, plans)
        : emptySweepLive(
            spec.kind,
            targets.map((t) => t.name),
            plans,
          ),
    });
    if (mode === 'tui') {
      const { startLiveView } = await import('../../ui/live-view.js');
      live = startLiveView({
        stdout: io.stderr as NodeJS.WriteStream,
        color: colorFor(true),
        onQuit: (reason) => {
          stop.abort();
          if (reason === 'ctrl-c') io.interrupt?.();
        },
        onForceQuit: () => {
          void live?.stop();
          if (!io.signal.aborted) io.interrupt?.();
          io.interrupt?.();
        },
        poll: () => frame(),
      });
    }
    if (mode === 'lines') {
      io.stderr.write(
        `${title}: ${targets.map((t) => t.name).join(', ')} · ${'durationMs' in parsed.stop ? `${parsed.stop.durationMs / 1000} s` : `${parsed.stop.requests} requests`} a step\n`,
      );
    }
    const seenWarnings = new Set<string>();

    const result = await runSweep({
      targets,
      prompts,
      spec,
      precision: parsed.precision,
      arrival: parsed.arrival,
      stop: parsed.stop,
      ...(parsed.warmup ? { warmup: parsed.warmup } : {}),
      seed: parsed.seed,
      stream: opts.stream,
      maxTokens: parsed.maxTokens,
      version: packageVersion(),
      slo: parsed.slo,
      goodput: parsed.goodput,
      signal: stop.signal,
      listeners: {
        stepStart: (step, now) => {
          plans = now;
          if (mode === 'lines')
            io.stderr.write(`${step.target}: step at ${formatLoad(spec.kind, step.load)}\n`);
        },
        progress: (e) => {
          plans = e.plans;
          frames.progress(e);
          live?.update(frame());
        },
        stepEnd: (target, step, sofar) => {
          doc = sofar;
          if (mode === 'lines') io.stderr.write(stepLine(spec.kind, target, step));
          live?.update(frame());
        },
        warning: (message) => {
          if (seenWarnings.has(message)) return;
          seenWarnings.add(message);
          if (live) frames.warning(message);
          else if (!quiet) io.stderr.write(`warning: ${message}\n`);
        },
      },
    });
    io.signal.removeEventListener('abort', onAbort);
    doc = result;
    const interrupted = result.interrupted || io.signal.aborted;
    if (live) {
      frame = () => ({ ...frames.finish(interrupted), sweep: sweepLive(result, []) });
      await live.stop(frame());
      live = undefined;
    }

    const text = `${JSON.stringify(result, null, 2)}\n`;
    if (opts.json) io.stdout.write(text);
    else io.stdout.write(renderSweepSummary(result, { color: colorFor(io.stdout.isTTY === true) }));
    if (outFile) writeOutputFile(outFile, text, '--out');
    if (opts.out && !quiet) io.stderr.write(`wrote ${opts.out}\n`);
    return verdict(result, parsed.minCapacity, interrupted, io);
  } finally {
    if (live) await live.stop();
    await runtime.close();
  }
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
