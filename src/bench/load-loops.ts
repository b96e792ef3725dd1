import type { Clock } from '../core/clock.js';
import type { Dispatcher, TargetState } from './dispatcher.js';
import { nap, napUntil, yieldToIo, type PhaseWindow } from './phase-window.js';
import type { PrepareAhead } from './prepare-ahead.js';
import { ArrivalSchedule, NO_SHARD, globalSeq, tickOrder, type Shard } from './scheduler.js';
import { playConversation } from './workload/conversation.js';
import type { Workload } from './workload/types.js';

/**
 * The two ways a bench issues requests within a phase: the closed loop (a fixed number of
 * workers per target, each sending its next request when the last one ends) and the open
 * loop (an arrival schedule, whatever the answers do). Both stop when the phase window does.
 */

/** Overdue open-loop ticks dispatched back to back before yielding to I/O. */
const YIELD_EVERY = 64;

/**
 * A trace's time 0 is this long after the window opens, so its first request is waited for
 * and sent on time like every other, not whenever the loop has got going (first calls there
 * take a fraction of a ms).
 */
export const TRACE_LEAD_MS = 2;

export interface LoopContext {
  clock: Clock;
  window: PhaseWindow;
  dispatcher: Dispatcher;
  shard: Shard;
  seed: number;
  workload: Workload;
  /** Aborted when the phase stops dispatching (ends think-time pauses and open-loop waits). */
  stop: AbortSignal;
  /** Open loop: builds the next requests ahead of their send times. */
  ahead?: PrepareAhead;
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

/**
 * One closed-loop worker: its next request goes as the last one settles (from the settle
 * callback: no promise or async resumption per request); resolves when the window closes.
 */
function worker(ctx: LoopContext, s: TargetState): Promise<void> {
  if (ctx.workload.conversation) return conversations(ctx, s);
  return new Promise((resolve, reject) => {
    const next = (): void => {
      try {
        if (!canIssue(ctx, s)) {
          resolve();
          return;
        }
        const k = s.issued++;
        ctx.dispatcher.send(s, seqOf(ctx, k), undefined, undefined, next);
      } catch (error) {
        // What the worker's loop would have thrown (a workload that cannot build an item).
        reject(error);
      }
    };
    next();
  });
}

/**
 * Conversation `index` with one target. Its first turn is sent at once (intended at `firstAt`
 * in open loop, so it counts from its arrival time); each later turn follows the answer and
 * the think time, counted from its own dispatch. Turns take from the phase's request budget.
 */
async function playOne(
  ctx: LoopContext,
  s: TargetState,
  index: number,
  firstAt?: number,
): Promise<void> {
  const { workload, dispatcher } = ctx;
  const open = workload.conversation;
  if (!open) return;
  const thinkMs = workload.thinkTimeMs ?? 0;
  let intended = firstAt;
  await playConversation(open(index, !ctx.window.record), {
    send: (item) => {
      if (!canIssue(ctx, s)) return undefined;
      s.issued++;
      const at = intended;
      intended = undefined;
      return dispatcher.dispatch(s, index, at, item);
    },
    think: async () => {
      if (thinkMs > 0) await nap(ctx.clock, thinkMs, ctx.stop);
      return !ctx.window.stopping;
    },
    ...(workload.count ? { count: workload.count } : {}),
  });
}

/** Multi-turn, closed loop: each worker is one user, playing conversation after conversation. */
async function conversations(ctx: LoopContext, s: TargetState): Promise<void> {
  while (canIssue(ctx, s)) await playOne(ctx, s, seqOf(ctx, s.conversations++));
}

/** Open loop, tick `k` at `at`: request `seq` to every target, or (multi-turn) a new conversation. */
function serveTick(ctx: LoopContext, k: number, at: number, talks: Promise<void>[]): void {
  const { dispatcher } = ctx;
  const seq = seqOf(ctx, k);
  for (const i of tickOrder(k, dispatcher.states.length)) {
    const s = dispatcher.states[i] as TargetState;
    if (!ctx.workload.conversation) {
      s.issued += 1;
      dispatcher.offer(s, seq, at);
    } else if (canIssue(ctx, s)) {
      s.conversations += 1;
      talks.push(playOne(ctx, s, seq, at));
    }
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
  load: { rate: number; arrival: 'constant' | 'poisson' | 'trace' },
  stop: AbortSignal,
): Promise<void> {
  const { clock, window: w, dispatcher, workload } = ctx;
  const shard = w.record ? ctx.shard : NO_SHARD;
  const trace = load.arrival === 'trace' ? workload.trace : undefined;
  const schedule = trace
    ? trace.forShard(shard)
    : new ArrivalSchedule(
        load.rate,
        load.arrival === 'poisson' ? 'poisson' : 'constant',
        shard,
        ctx.seed,
      );
  const origin = w.start + (trace ? TRACE_LEAD_MS : 0);
  let overdue = 0;
  const talks: Promise<void>[] = [];
  for (let k = 0; !w.stopping; k++) {
    if (w.limit !== undefined && k >= w.limit) break;
    if (workload.conversation && dispatcher.states.every((s) => !canIssue(ctx, s))) break;
    if (trace && seqOf(ctx, k) >= trace.length) break; // -d longer than the trace
    const at = origin + schedule.next();
    if (w.end !== undefined && at >= w.end) break;
    if (at > clock.now()) {
      overdue = 0;
      // The requests just sent get out first (their sends run on as microtasks); then the
      // next prompts are built while waiting for their send times, not at them.
      w.nextSendAt = at;
      try {
        if (k > 0) await yieldToIo();
        await ctx.ahead?.during(k, at);
        if (trace) await napUntil(clock, at, stop);
        else await nap(clock, Math.max(0, at - clock.now()), stop);
      } finally {
        w.nextSendAt = undefined;
      }
    } else if (++overdue % YIELD_EVERY === 0) {
      await nap(clock, 0, stop);
    }
    if (w.stopping) break;
    serveTick(ctx, k, at, talks);
  }
  // Conversations still going (between turns, nothing in flight) belong to this phase.
  await Promise.all(talks);
}
