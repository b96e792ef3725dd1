import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { FrameBuilder } from './live-output.js';
import { openLiveView } from './start-tui.js';
import {
  emptySweepLive,
  sweepLive,
  type StepPlan,
  type SweepListeners,
  type SweepResult,
  type SweepSpec,
} from '../../bench/index.js';
import type { LiveFrame } from '../../ui/live-frame.js';
import type { LiveView } from '../../ui/live-view.js';
import { progressMode } from '../../ui/should-use-tui.js';
import { formatLoad } from '../../ui/sweep-summary.js';
import { stepLine } from '../../ui/sweep-live.js';

/** Warnings the live view keeps (each step may warn anew; the document keeps them all). */
const SHOWN_WARNINGS = 2;

/**
 * The progress of a sweep on stderr: the live view (the targets' current steps and each
 * target's curve so far) on a terminal, a line per step off it, nothing with --quiet.
 */
export interface SweepDisplay {
  listeners: Pick<SweepListeners, 'stepStart' | 'progress' | 'stepEnd' | 'warning'>;
  finish(result: SweepResult, interrupted: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface SweepDisplayContext {
  io: Io;
  globals: GlobalOptions;
  spec: SweepSpec;
  targetNames: string[];
  stepText: string;
  stepMs: number | undefined;
  goodput: boolean;
  noTui: boolean;
  /** Aborted by the first q / Ctrl-C in the live view. */
  stop: AbortController;
}

export async function startSweepDisplay(ctx: SweepDisplayContext): Promise<SweepDisplay> {
  const { io, spec } = ctx;
  const mode = progressMode({
    stderrIsTTY: io.stderr.isTTY,
    env: io.env,
    noTuiFlag: ctx.noTui,
    quiet: ctx.globals.quiet === true,
  });
  const title = `shepherd bench --sweep ${spec.kind}=${spec.lo}..${spec.hi}`;
  const frames = new FrameBuilder({
    title,
    ...(ctx.stepMs !== undefined ? { totalMs: ctx.stepMs } : {}),
    goodput: ctx.goodput,
  });
  let plans: StepPlan[] = [];
  let doc: SweepResult | undefined;
  const recent: string[] = [];
  const frame = (base: LiveFrame = frames.frame): LiveFrame => ({
    ...base,
    warnings: [...recent],
    sweep: doc ? sweepLive(doc, plans) : emptySweepLive(spec.kind, ctx.targetNames, plans),
  });
  let live: LiveView | undefined = mode === 'tui' ? await startTui(ctx, () => frame()) : undefined;
  const lines = mode === 'lines';
  if (lines) io.stderr.write(`${title}: ${ctx.targetNames.join(', ')} · ${ctx.stepText}\n`);
  const seen = new Set<string>();
  return {
    listeners: {
      stepStart: (step, now) => {
        plans = now;
        if (lines) io.stderr.write(`${step.target}: step at ${formatLoad(spec.kind, step.load)}\n`);
      },
      progress: (e) => {
        plans = e.plans;
        frames.progress(e);
        live?.update(frame());
      },
      stepEnd: (target, step, sofar) => {
        doc = sofar;
        if (lines) io.stderr.write(stepLine(spec.kind, target, step));
        live?.update(frame());
      },
      warning: (message) => {
        if (seen.has(message)) return;
        seen.add(message);
        recent.push(message);
        if (recent.length > SHOWN_WARNINGS) recent.shift();
        // Off the live view every new warning goes out at once (with --quiet too).
        if (!live) io.stderr.write(`warning: ${message}\n`);
      },
    },
    async finish(result, interrupted) {
      doc = result;
      plans = [];
      if (!live) return;
      await live.stop(frame(frames.finish(interrupted)));
      live = undefined;
    },
    async close() {
      if (live) await live.stop();
      live = undefined;
    },
  };
}

function startTui(ctx: SweepDisplayContext, poll: () => LiveFrame): Promise<LiveView> {
  const { io, globals, stop } = ctx;
  return openLiveView({ io, globals, stop, poll });
}
