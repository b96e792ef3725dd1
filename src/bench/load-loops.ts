import type { Clock } from '../core/clock.js';
import type { Dispatcher, TargetState } from './dispatcher.js';
import { nap, type PhaseWindow } from './phase-window.js';
import { ArrivalSchedule, NO_SHARD, globalSeq, tickOrder, type Shard } from './scheduler.js';

/**
 * The two ways a bench issues requests within a phase: the closed loop (a fixed number of
 * workers per target, each sending its next request when the last one ends) and the open
 * loop (an arrival schedule, whatever the answers do). Both stop when the phase window does.
 */

/** Overdue open-loop ticks dispatched back to back before yielding to I/O. */
const YIELD_EVERY = 64;

export interface LoopContext {
  clock: Clock;
  window: PhaseWindow;
  dispatcher: Dispatcher;
  shard: Shard;
  seed: number;
}

/** The global sequence number of a phase's k-th request (the warm-up is not sharded). */
function seqOf(ctx: LoopContext, k: number): number {
  return ctx.window.record ? globalSeq(k, ctx.shard) : k;
}

function canIssue(ctx: LoopContext, s: TargetState): boolean {
  const w = ctx.window;
  if (w.stopping) return false;
  if (w.limit !== undefined) return s.issued < w.limit;
  return ctx.clock.now() < (w.end as number);
}

async function worker(ctx: LoopContext, s: TargetState): Promise<void> {
  while (canIssue(ctx, s)) {
    const k = s.issued++;
    await ctx.dispatcher.dispatch(s, seqOf(ctx, k), undefined);
  }
}

/** Closed loop: `concurrency` workers per target, started interleaved (A1 B1 A2 B2 ...). */
export async function closedLoop(ctx: LoopContext, concurrency: number): Promise<void> {
  const workers: Promise<void>[] = [];
  for (let slot = 0; slot < concurrency; slot++) {
    for (const s of ctx.dispatcher.states) workers.push(worker(ctx, s));
  }
  await Promise.all(workers);
}

/** Open loop: one schedule for all targets, each tick served round-robin. */
export async function openLoop(
  ctx: LoopContext,
  load: { rate: number; arrival: 'constant' | 'poisson' },
  stop: AbortSignal,
): Promise<void> {
  const { clock, window: w, dispatcher } = ctx;
  const schedule = new ArrivalSchedule(
    load.rate,
    load.arrival,
    w.record ? ctx.shard : NO_SHARD,
    ctx.seed,
  );
  let overdue = 0;
  for (let k = 0; !w.stopping; k++) {
    if (w.limit !== undefined && k >= w.limit) break;
    const at = w.start + schedule.next();
    if (w.end !== undefined && at >= w.end) break;
    const wait = at - clock.now();
    if (wait > 0) {
      overdue = 0;
      await nap(clock, wait, stop);
    } else if (++overdue % YIELD_EVERY === 0) {
      await nap(clock, 0, stop);
    }
    if (w.stopping) break;
    const seq = seqOf(ctx, k);
    for (const i of tickOrder(k, dispatcher.states.length)) {
      const s = dispatcher.states[i] as TargetState;
      s.issued += 1;
      dispatcher.offer(s, seq, at);
    }
  }
}
