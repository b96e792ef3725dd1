import { systemClock, type Clock } from '../core/clock.js';
import { formatDuration } from '../config/duration.js';
import { Dispatcher } from './dispatcher.js';
import { lagWarning } from './client-check.js';
import { createLagMonitor } from './event-loop.js';
import { belowTargetRate, phaseProgress, targetProgress } from './live-figures.js';
import { closedLoop, openLoop, type LoopContext } from './load-loops.js';
import { clearOfSends, nap, onAbort, type PhaseWindow } from './phase-window.js';
import { PrepareAhead } from './prepare-ahead.js';
import { buildBenchResult } from './result.js';
import type { BenchResult, LoadInfo } from './result-types.js';
import { NO_SHARD, globalSeq, shardRequests, type Shard } from './scheduler.js';
import { evaluateSlo } from './slo.js';
import { validateRunOptions } from './validate-run.js';
import { promptWorkload } from './workload/prompt-workload.js';
import type { Workload } from './workload/types.js';
import {
  DRAIN_MS,
  type BenchListeners,
  type BenchProgressEvent,
  type BenchRunOptions,
  type StopSpec,
} from './runner-types.js';

export type * from './runner-types.js';

/** A trace replay's pause between building its first prompts and opening its window, ms. */
export const TRACE_REST_MS = 30;

/** After aborting what is still in flight, how long sends get to resolve before they are counted cancelled anyway. */
const ABORT_GRACE_MS = 250;

interface PhaseSpec {
  name: 'warmup' | 'measure';
  stop: StopSpec;
  record: boolean;
}

type Lag = { p99: number | null; max: number | null };

/** The measured phase: its window (dispatching), the drain after it, and the event-loop lag. */
interface Measured {
  /** Wall-clock start of the measured window, epoch ms. */
  wall: number;
  /** The measured window: from its start until dispatching stopped (or the last `-n` answer). */
  windowMs: number;
  /** Waiting for requests still in flight after the window (bounded). */
  drainMs: number;
  lag: Lag;
}

/**
 * Runs a bench: warmup phase (discarded), measured phase, drain; returns the
 * `shepherd.bench/v1` document. Every measured request is accounted for:
 * requests = ok + errors + cancelled per target.
 */
export async function runBench(options: BenchRunOptions): Promise<BenchResult> {
  validateRunOptions(options);
  return new BenchRun(options).run();
}

/** One run: phases, their ends and drains, progress, self-checks (requests: dispatcher.ts; loops: load-loops.ts). */
class BenchRun {
  private readonly o: BenchRunOptions;
  private readonly clock: Clock;
  private readonly listeners: BenchListeners;
  private readonly shard: Shard;
  private readonly seed: number;
  private readonly dispatcher: Dispatcher;
  private readonly workload: Workload;
  private readonly warnings: string[] = [];
  private fatal: { error: unknown } | undefined;
  private readonly fatalAc = new AbortController();
  private readonly window: PhaseWindow = {
    phase: 'measure',
    start: 0,
    end: undefined,
    limit: undefined,
    record: true,
    stopping: false,
  };
  private loopDone = false;
  private idleResolve: (() => void) | undefined;
  private measureStart = 0;
  private ahead: PrepareAhead | undefined;

  constructor(o: BenchRunOptions) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.listeners = o.listeners ?? {};
    this.shard = o.shard ?? NO_SHARD;
    this.seed = o.seed ?? 1;
    this.workload =
      o.workload ??
      promptWorkload({
        prompts: o.prompts ?? [],
        seed: this.seed,
        shuffle: o.shuffle ?? true,
        output: { exact: false, ...(o.maxTokens !== undefined ? { maxTokens: o.maxTokens } : {}) },
        info: {},
      });
    this.dispatcher = new Dispatcher({
      clock: this.clock,
      targets: o.targets,
      workload: this.workload,
      stream: o.stream ?? true,
      cap: o.maxInFlight ?? 512,
      goodput: o.goodput,
      window: this.window,
      ...(this.listeners.request ? { onRequest: (event) => this.emit('request', event) } : {}),
      warn: (message) => this.warn(message),
      fail: (error) => this.fail(error),
      onSettled: () => this.checkIdle(),
    });
  }

  private emit<K extends keyof BenchListeners>(
    name: K,
    arg: Parameters<NonNullable<BenchListeners[K]>>[0],
  ): void {
    const fn = this.listeners[name] as ((a: typeof arg) => void) | undefined;
    if (!fn) return;
    try {
      fn(arg);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (!this.fatal) {
      this.fatal = { error };
      this.fatalAc.abort();
    }
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.emit('warning', message);
  }

  /**
   * The shard's target rate; null in closed loop and for a trace, which is bursty by nature
   * (its send lag, sched_lag, says whether it was kept; `load.rate` records its mean rate).
   */
  private get rate(): number | null {
    const l = this.o.load;
    return l.mode === 'open' && l.arrival !== 'trace' ? l.rate / this.shard.count : null;
  }

  private loadInfo(): LoadInfo {
    const l = this.o.load;
    const w = this.o.warmup;
    const info: LoadInfo = {
      mode: l.mode,
      warmup: w ? ('requests' in w ? w.requests : formatDuration(w.durationMs)) : null,
      shard: this.o.shard ? { index: this.shard.index, count: this.shard.count } : null,
      requests: 'requests' in this.o.stop ? shardRequests(this.o.stop.requests, this.shard) : null,
      planned_duration_s: 'durationMs' in this.o.stop ? this.o.stop.durationMs / 1000 : null,
      seed: this.seed,
      stream: this.o.stream ?? true,
      workload: this.workload.info,
    };
    if (l.mode === 'closed') info.concurrency = l.concurrency;
    else {
      info.rate = l.rate / this.shard.count;
      info.arrival = l.arrival;
    }
    return info;
  }

  async run(): Promise<BenchResult> {
    const progressAc = new AbortController();
    const progressLoop = this.progressLoop(progressAc.signal);
    const wallStart = this.clock.wallNow();
    this.emit('start', {
      startedAt: new Date(wallStart).toISOString(),
      targets: this.dispatcher.states.map((s) => ({ ...s.stats.info })),
      load: this.loadInfo(),
    });
    const runStart = this.clock.now();
    let measured: Measured;
    try {
      measured = await this.runPhases(wallStart);
    } finally {
      progressAc.abort();
      await progressLoop;
    }
    if (this.fatal) throw this.fatal.error;
    const result = this.result(measured, this.clock.now() - runStart);
    this.emit('end', result);
    if (this.fatal) throw (this.fatal as { error: unknown }).error;
    return result;
  }

  /** Warm-up (when asked for) and the measured phase, with the event-loop lag of the latter. */
  private async runPhases(wallStart: number): Promise<Measured> {
    const w = this.o.warmup;
    if (w && ('requests' in w ? w.requests > 0 : w.durationMs > 0) && !this.interrupted()) {
      await this.runPhase({ name: 'warmup', stop: w, record: false });
    }
    const measured: Measured = {
      wall: wallStart,
      windowMs: 0,
      drainMs: 0,
      lag: { p99: null, max: null },
    };
    measured.wall = this.clock.wallNow();
    const monitor = this.o.lagMonitor ?? createLagMonitor();
    try {
      if (!this.interrupted()) {
        // From the window's opening: building the first prompts before it is no lag.
        const times = await this.runPhase(
          { name: 'measure', stop: this.o.stop, record: true },
          () => monitor.start(),
        );
        measured.windowMs = times.windowMs;
        measured.drainMs = times.drainMs;
      } else {
        this.measureStart = this.clock.now();
      }
    } finally {
      measured.lag = monitor.stop();
    }
    return measured;
  }

  private result(measured: Measured, wallMs: number): BenchResult {
    this.selfCheck(measured.lag);
    const targets = this.dispatcher.states.map((s) => s.stats.toJSON(this.rate));
    return buildBenchResult({
      startedAtWall: measured.wall,
      durationS: measured.windowMs / 1000,
      drainS: measured.drainMs / 1000,
      wallS: wallMs / 1000,
      version: this.o.version,
      load: this.loadInfo(),
      targets,
      eventLoopLagMs: measured.lag,
      warnings: this.warnings,
      slo: this.o.slo
        ? evaluateSlo(this.o.slo, targets, { judgeThin: this.o.judgeThinSlo === true })
        : [],
      interrupted: this.interrupted(),
      goodput: (this.o.goodput ?? []).map((t) => t.text),
    });
  }

  private interrupted(): boolean {
    return this.o.signal?.aborted === true;
  }

  /** Warnings when this machine could not produce the load it was asked for. */
  private selfCheck(lag: Lag): void {
    const rate = this.rate;
    if (rate !== null && !this.interrupted()) {
      for (const s of this.dispatcher.states) {
        if (s.firstSendAt === undefined || s.lastSendAt === undefined) continue;
        const windowS = (s.lastSendAt - this.measureStart) / 1000 + 1 / rate;
        const achieved = s.sent / windowS;
        if (belowTargetRate(achieved, rate)) {
          this.warn(
            `target '${s.target.name}': achieved ${achieved.toFixed(2)} req/s of the ${rate} req/s asked (${Math.round((achieved / rate) * 100)}%); the client could not keep the rate, so the load was lower than asked`,
          );
        }
      }
    }
    const lagText = lagWarning(lag, rate !== null);
    if (lagText) this.warn(lagText);
  }

  private async progressLoop(signal: AbortSignal): Promise<void> {
    const interval = this.o.progressIntervalMs ?? 250;
    if (!this.listeners.progress || interval <= 0) return;
    // What one update costs (figures, and the display's own work), ms: the slowest lately
    // (the first one, before any was timed, is taken to cost what a cold one can).
    let costMs = 10;
    while (!signal.aborted) {
      await nap(this.clock, interval, signal);
      // Not just before an open-loop send: the update would hold it up.
      await clearOfSends(this.clock, this.window, costMs, interval, signal);
      if (signal.aborted) break;
      const t0 = this.clock.now();
      this.emit('progress', this.progress());
      costMs = Math.max(this.clock.now() - t0, costMs * 0.75);
    }
  }

  /** Live figures of every target (cheap: percentiles are cached between records). */
  progress(): BenchProgressEvent {
    const w = this.window;
    const states = this.dispatcher.states;
    const now = this.clock.now();
    // While draining, the window's clock stops where the window ended; the drain has its own.
    const elapsedMs = (w.drainStart ?? now) - w.start;
    const { fraction, etaMs } = phaseProgress({
      elapsedMs,
      plannedMs: w.end !== undefined ? w.end - w.start : undefined,
      done: states.reduce((n, s) => n + s.issued - s.inFlight.size - s.backlog.length, 0),
      planned: (w.limit ?? 0) * states.length,
    });
    const measuredMs = w.record ? elapsedMs : 0;
    const drain =
      w.drainStart !== undefined
        ? {
            elapsedMs: now - w.drainStart,
            boundMs: w.drainBoundMs ?? 0,
            inFlight: states.reduce((n, s) => n + s.inFlight.size, 0),
          }
        : undefined;
    return {
      phase: w.phase,
      elapsedMs,
      fraction: fraction ?? 1,
      etaMs: drain ? Math.max(0, drain.boundMs - drain.elapsedMs) : etaMs,
      ...(drain ? { drain } : {}),
      targets: states.map((s) => {
        const busy = s.inFlight.size > 0 || s.backlog.length > 0;
        return targetProgress(s.stats.snapshot(), {
          measuredMs,
          activeMs: w.record ? s.stats.activeSeconds(busy ? now : undefined) * 1000 : 0,
          targetRps: this.rate,
          inFlight: w.record ? s.inFlight.size : 0,
          queued: s.backlog.length,
          tokensInFlight: w.record ? s.chunksInFlight : 0,
        });
      }),
    };
  }

  /** Opens the phase window and resets the per-phase counters. */
  private async startPhase(spec: PhaseSpec): Promise<void> {
    const w = this.window;
    w.phase = spec.name;
    w.record = spec.record;
    w.stopping = false;
    this.loopDone = false;
    w.limit =
      'requests' in spec.stop
        ? spec.record
          ? shardRequests(spec.stop.requests, this.shard)
          : spec.stop.requests
        : undefined;
    // The first requests are due as the window opens: build their prompts (a trace's
    // exact-length text, the tokenizer's first use) before, so no send is late by that work.
    this.ahead = this.prepareAhead(spec.record);
    if (this.o.load.mode === 'open' && this.o.load.arrival === 'trace') {
      // That took tens of ms of CPU (and a replay is rehearsed before): on a machine shared
      // with other work, the scheduler hands the CPU to it soon after such a burst. Let it
      // have it now, while nothing is due, rather than at the first sends.
      await nap(this.clock, TRACE_REST_MS, this.o.signal ?? new AbortController().signal);
    }
    w.start = this.clock.now();
    if (spec.record) {
      this.measureStart = w.start;
      for (const s of this.dispatcher.states) s.stats.startTimeline(w.start);
    }
    w.end = 'durationMs' in spec.stop ? w.start + spec.stop.durationMs : undefined;
    for (const s of this.dispatcher.states) {
      s.issued = s.conversations = s.sent = 0;
      s.firstSendAt = undefined;
      s.lastSendAt = undefined;
    }
  }

  /** Open loop: the phase's requests built ahead of their send times (the first ones now). */
  private prepareAhead(record: boolean): PrepareAhead | undefined {
    const seqOf = (k: number): number => (record ? globalSeq(k, this.shard) : k);
    if (this.o.load.mode === 'closed') {
      if (!this.workload.conversation) this.workload.prepare?.(seqOf(0), !record);
      return undefined;
    }
    const trace = this.o.load.arrival === 'trace' ? this.workload.trace : undefined;
    const inTrace = trace && (record ? shardRequests(trace.length, this.shard) : trace.length);
    const limits = [this.window.limit, inTrace].filter((n): n is number => n !== undefined);
    const ahead = new PrepareAhead({
      clock: this.clock,
      workload: this.workload,
      seqOf,
      count: limits.length > 0 ? Math.min(...limits) : undefined,
      warmup: !record,
    });
    ahead.first();
    return ahead;
  }

  private startLoop(stop: AbortSignal): Promise<void> {
    const ctx: LoopContext = {
      clock: this.clock,
      window: this.window,
      dispatcher: this.dispatcher,
      shard: this.shard,
      seed: this.seed,
      workload: this.workload,
      stop,
      ...(this.ahead ? { ahead: this.ahead } : {}),
    };
    const load = this.o.load;
    return (load.mode === 'closed' ? closedLoop(ctx, load.concurrency) : openLoop(ctx, load, stop))
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.loopDone = true;
        this.checkIdle();
      });
  }

  /** Runs one phase to its end and drain; returns the window's length and the drain's, in ms. */
  private async runPhase(
    spec: PhaseSpec,
    opened?: () => void,
  ): Promise<{ windowMs: number; drainMs: number }> {
    const clock = this.clock;
    await this.startPhase(spec);
    opened?.();
    const idle = new Promise<void>((resolve) => (this.idleResolve = resolve));
    const stopAc = new AbortController();
    const loop = this.startLoop(stopAc.signal);
    const abort = onAbort(this.o.signal);
    const fatal = onAbort(this.fatalAc.signal);
    const timerAc = new AbortController();
    const waits: Promise<void>[] = [idle, abort.promise, fatal.promise];
    if (this.window.end !== undefined) {
      waits.push(nap(clock, this.window.end - clock.now(), timerAc.signal));
    }
    await Promise.race(waits);
    timerAc.abort();
    const windowEnd = clock.now();

    // Stop dispatching; queued (never sent) requests are cancelled.
    this.window.stopping = true;
    stopAc.abort();
    this.window.phase = 'drain';
    this.window.drainStart = windowEnd;
    this.window.drainBoundMs = this.drainBound();
    this.dispatcher.cancelQueued();
    this.checkIdle();
    await this.drain(idle, abort.promise, fatal.promise);
    abort.dispose();
    fatal.dispose();
    await loop;
    this.window.drainStart = undefined;
    return { windowMs: windowEnd - this.window.start, drainMs: clock.now() - windowEnd };
  }

  /** How long requests still in flight may take once the window ends (shorter after Ctrl-C). */
  private drainBound(): number {
    return this.interrupted() || this.fatal
      ? (this.o.abortDrainMs ?? 1000)
      : (this.o.drainMs ?? DRAIN_MS);
  }

  /** Lets in-flight requests finish within the drain bound, then cancels what is left. */
  private async drain(
    idle: Promise<void>,
    aborted: Promise<void>,
    fatal: Promise<void>,
  ): Promise<void> {
    const clock = this.clock;
    if (!this.isIdle()) {
      const bound = this.drainBound();
      const drainAc = new AbortController();
      await Promise.race([idle, nap(clock, bound, drainAc.signal), aborted, fatal]);
      drainAc.abort();
      if (!this.isIdle() && this.interrupted() && !this.fatal) {
        // Interrupted while draining a normal end: use the short bound from here.
        this.window.drainBoundMs =
          clock.now() - (this.window.drainStart ?? clock.now()) + (this.o.abortDrainMs ?? 1000);
        const shortAc = new AbortController();
        await Promise.race([idle, nap(clock, this.o.abortDrainMs ?? 1000, shortAc.signal)]);
        shortAc.abort();
      }
    }
    if (!this.isIdle()) {
      this.dispatcher.abortInFlight();
      const graceAc = new AbortController();
      await Promise.race([idle, nap(clock, ABORT_GRACE_MS, graceAc.signal)]);
      graceAc.abort();
      this.dispatcher.cancelInFlight();
    }
  }

  private isIdle(): boolean {
    return this.loopDone && this.dispatcher.empty;
  }

  private checkIdle(): void {
    if (this.isIdle()) this.idleResolve?.();
  }
}
