import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import type { ParsedBenchOptions } from './bench-options.js';
import { breakerChangeLine, type BreakerTimeline } from './breaker-timeline.js';
import { FrameBuilder } from './live-output.js';
import { progressLineInterval } from './progress-interval.js';
import { openLiveView } from './start-tui.js';
import {
  DRAIN_MS,
  NO_SHARD,
  shardRequests,
  type BenchListeners,
  type BenchResult,
} from '../../bench/index.js';
import { formatDuration } from '../../config/duration.js';
import { describeLoad } from '../../ui/load-caption.js';
import { progressPrinter } from '../../ui/progress-line.js';
import type { LiveView } from '../../ui/live-view.js';
import { progressMode } from '../../ui/should-use-tui.js';

/**
 * The progress of a running bench on stderr: the live TUI on a terminal, plain lines off it,
 * nothing with --quiet (warnings still go out). Fed by the engine's progress and warning
 * events; the first `q` or Ctrl-C in the TUI stops the run through `stop`.
 */
export interface ProgressDisplay {
  listeners: Pick<BenchListeners, 'progress' | 'warning'>;
  /** The user quit with a key in the live view. */
  readonly quitByKey: boolean;
  /** Warnings already shown (live view, progress lines or stderr): not printed again after the summary. */
  readonly shownWarnings: ReadonlySet<string>;
  /** Paints the final frame and gives the terminal back. */
  finish(interrupted: boolean): Promise<void>;
  /** Gives the terminal back (safe after finish, and on an error path). */
  close(): Promise<void>;
}

export interface DisplayContext {
  io: Io;
  globals: GlobalOptions;
  parsed: ParsedBenchOptions;
  targetNames: string[];
  /** `--no-tui` given. */
  noTui: boolean;
  /** `--goodput` terms given: the views show good requests per second. */
  goodput?: boolean;
  /** Aborted by the first q / Ctrl-C in the live view. */
  stop: AbortController;
  /** `--route`: its models' circuit breakers, shown live (a line per change off a TTY). */
  breakers?: BreakerTimeline;
}

/** What the run announces: its window, and for a timed one the drain that may follow it. */
function plannedText(parsed: ParsedBenchOptions): string {
  if (!('durationMs' in parsed.stop)) return `${parsed.stop.requests} requests per target`;
  return `${formatDuration(parsed.stop.durationMs)} + up to ${formatDuration(DRAIN_MS)} drain`;
}

function frameBuilder(
  parsed: ParsedBenchOptions,
  loadText: string,
  targets: number,
  goodput: boolean,
): FrameBuilder {
  return new FrameBuilder({
    title: `shepherd bench · ${loadText} · ${plannedText(parsed)}`,
    goodput,
    ...('durationMs' in parsed.stop
      ? { totalMs: parsed.stop.durationMs }
      : { requestsTotal: shardRequests(parsed.stop.requests, parsed.shard ?? NO_SHARD) * targets }),
    ...(parsed.load.mode === 'open' && parsed.load.arrival !== 'trace'
      ? { targetRps: parsed.load.rate / (parsed.shard?.count ?? 1) }
      : {}),
  });
}

function loadCaption(parsed: ParsedBenchOptions): string {
  return describeLoad({
    mode: parsed.load.mode,
    ...(parsed.load.mode === 'closed'
      ? { concurrency: parsed.load.concurrency }
      : { rate: parsed.load.rate, arrival: parsed.load.arrival }),
    warmup: null,
    shard: parsed.shard ?? null,
  } as BenchResult['load']);
}

function startTui(
  ctx: DisplayContext,
  frames: FrameBuilder,
  onKeyQuit: () => void,
): Promise<LiveView> {
  const { io, globals, stop } = ctx;
  return openLiveView({ io, globals, stop, poll: () => frames.frame, onKeyQuit });
}

/** Picks the display (TUI, lines or silent) and starts it. */
export async function startProgressDisplay(ctx: DisplayContext): Promise<ProgressDisplay> {
  const { io, globals, parsed } = ctx;
  const mode = progressMode({
    stderrIsTTY: io.stderr.isTTY,
    env: io.env,
    noTuiFlag: ctx.noTui,
    quiet: globals.quiet === true,
  });
  const loadText = loadCaption(parsed);
  const frames = frameBuilder(parsed, loadText, ctx.targetNames.length, ctx.goodput === true);
  let quitByKey = false;
  const shownWarnings = new Set<string>();
  let live: LiveView | undefined =
    mode === 'tui' ? await startTui(ctx, frames, () => (quitByKey = true)) : undefined;
  const printer =
    mode === 'lines' ? progressPrinter({ intervalMs: progressLineInterval(io.env) }) : undefined;
  const emitLines = (text: string): void => {
    if (text) io.stderr.write(text);
  };
  if (mode === 'lines') {
    io.stderr.write(
      `shepherd bench: ${ctx.targetNames.join(', ')} · ${loadText} · ${plannedText(parsed)}\n`,
    );
  }
  const breakers = ctx.breakers;
  if (breakers) {
    frames.breakers(breakers.states());
    breakers.onChange((change) => {
      live?.update(frames.breakers(breakers.states()));
      if (mode === 'lines') io.stderr.write(`${breakerChangeLine(change)}\n`);
    });
  }
  return {
    listeners: {
      // Silent (--quiet, or --json to a pipe): no progress is shown, so none is computed (a
      // snapshot takes every figure's percentiles, four times a second, for nobody).
      ...(mode === 'silent'
        ? {}
        : {
            progress: (e: Parameters<NonNullable<BenchListeners['progress']>>[0]) => {
              const frame = frames.progress(e);
              live?.update(frame);
              if (printer) emitLines(printer.next(frame));
            },
          }),
      warning: (message) => {
        shownWarnings.add(message);
        const frame = frames.warning(message);
        live?.update(frame);
        if (printer) emitLines(printer.next(frame));
        else if (mode === 'silent') io.stderr.write(`warning: ${message}\n`);
      },
    },
    get quitByKey() {
      return quitByKey;
    },
    shownWarnings,
    async finish(interrupted) {
      if (!live) return;
      await live.stop(frames.finish(interrupted));
      live = undefined;
    },
    async close() {
      if (live) await live.stop();
      live = undefined;
    },
  };
}
