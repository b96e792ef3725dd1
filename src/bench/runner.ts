import { setMaxListeners } from 'node:events';
import { systemClock, type Clock } from '../core/clock.js';
import { UsageError, isErrorClass } from '../core/errors.js';
import { blankAttempt, type AttemptResult, type Outcome } from '../core/result.js';
import { formatDuration } from '../config/duration.js';
import { createLagMonitor } from './event-loop.js';
import { buildBenchResult } from './result.js';
import type { BenchResult, LoadInfo } from './result-types.js';
import {
  ArrivalSchedule,
  NO_SHARD,
  globalSeq,
  shardRequests,
  tickOrder,
  type Shard,
} from './scheduler.js';
import { evaluateSlo } from './slo.js';
import { playConversation } from './workload/conversation.js';
import { promptWorkload } from './workload/prompt-workload.js';
import { benchRequest } from './workload/request.js';
import type { WorkItem, Workload } from './workload/types.js';
import { TargetStats, errorTotal } from './stats.js';
import type {
  BenchListeners,
  BenchPhase,
  BenchProgressEvent,
  BenchRunOptions,
  BenchTarget,
  SendContext,
  StopSpec,
  WarmupSpec,
} from './runner-types.js';

export type * from './runner-types.js';

/** After aborting what is still in flight, how long sends get to resolve before they are counted cancelled anyway. */
const ABORT_GRACE_MS = 250;
/** Overdue open-loop ticks dispatched back to back before yielding to I/O. */
const YIELD_EVERY = 64;

interface Flight {
  seq: number;
  intended: number | undefined;
  dispatchedAt: number;
  dispatchedAtWall: number;
  settled: boolean;
  /** What the request sent (input length, max_tokens, turn), for the length and turn figures. */
  item?: WorkItem;
  done: (result: AttemptResult) => void;
}

interface TargetState {
  target: BenchTarget;
  stats: TargetStats;
  inFlight: Set<Flight>;
  backlog: { seq: number; intended: number }[];
  issued: number;
  /** Multi-turn: conversations started in this phase. */
  conversations: number;
  sent: number;
  firstSendAt: number | undefined;
  lastSendAt: number | undefined;
  capWarned: boolean;
}

interface PhaseSpec {
  name: 'warmup' | 'measure';
  stop: StopSpec;
  record: boolean;
}

/** Validates options up front so a bad value is a usage error, not a half-run bench. */
function validate(o: BenchRunOptions): void {
  const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;
  if (o.targets.length === 0) throw new UsageError('bench: no targets to run');
  const names = new Set<string>();
  for (const t of o.targets) {
    if (names.has(t.name)) throw new UsageError(`bench: target '${t.name}' is given twice`);
    names.add(t.name);
  }
  if (!o.workload && (o.prompts ?? []).length === 0) {
    throw new UsageError('bench: no prompts to send');
  }
  if (o.load.mode === 'closed' && !positiveInt(o.load.concurrency)) {
    throw new UsageError(`--concurrency must be a whole number ≥ 1 (got ${o.load.concurrency})`);
  }
  if (o.load.mode === 'open' && !(Number.isFinite(o.load.rate) && o.load.rate > 0)) {
    throw new UsageError(`--rate must be a number of requests per second > 0 (got ${o.load.rate})`);
  }
  const checkStop = (s: StopSpec | WarmupSpec, what: string, allowZero: boolean): void => {
    if ('requests' in s) {
      if (!Number.isInteger(s.requests) || s.requests < (allowZero ? 0 : 1)) {
        throw new UsageError(`${what} must be a whole number of requests ≥ ${allowZero ? 0 : 1}`);
      }
    } else if (!(Number.isFinite(s.durationMs) && s.durationMs >= (allowZero ? 0 : 1))) {
      throw new UsageError(`${what} must be a duration > 0`);
    }
  };
  checkStop(o.stop, 'bench: --duration/--requests', false);
  if (o.warmup) checkStop(o.warmup, '--warmup', true);
  const s = o.shard;
  if (s && !(positiveInt(s.count) && positiveInt(s.index) && s.index <= s.count)) {
    throw new UsageError(`--shard ${s.index}/${s.count}: use I/N with 1 ≤ I ≤ N`);
  }
  if (o.maxInFlight !== undefined && !positiveInt(o.maxInFlight)) {
    throw new UsageError('bench: maxInFlight must be a whole number ≥ 1');
  }
}

/** A sleep that resolves (instead of rejecting) when aborted. */
function nap(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return clock.sleep(ms, signal).catch(() => undefined);
}

function onAbort(signal: AbortSignal | undefined): { promise: Promise<void>; dispose: () => void } {
  if (!signal) return { promise: new Promise<void>(() => undefined), dispose: () => undefined };
  let dispose = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const handler = (): void => resolve();
    signal.addEventListener('abort', handler, { once: true });
    dispose = () => signal.removeEventListener('abort', handler);
  });
  return { promise, dispose };
}

/**
 * Runs a bench: warmup phase (discarded), measured phase, drain; returns the
 * `shepherd.bench/v1` document. Every measured request is accounted for:
 * requests = ok + errors + cancelled per target.
 */
export async function runBench(options: BenchRunOptions): Promise<BenchResult> {
  validate(options);
  return new BenchRun(options).run();
}

class BenchRun {
  private readonly o: BenchRunOptions;
  private readonly clock: Clock;
  private readonly listeners: BenchListeners;
  private readonly shard: Shard;
  private readonly seed: number;
  private readonly workload: Workload;
  private readonly stream: boolean;
  private readonly cap: number;
  private readonly states: TargetState[];
  private readonly warnings: string[] = [];
  private fatal: { error: unknown } | undefined;
  private readonly fatalAc = new AbortController();
  /** Cancels every request still in flight when the run ends (all are only ever cancelled together). */
  private readonly cancelAc = new AbortController();
  /** Current phase bookkeeping. */
  private phase: BenchPhase = 'measure';
  private phaseStart = 0;
  private phaseEnd: number | undefined;
  private phaseLimit: number | undefined;
  private record = true;
  private stopping = false;
  /** Aborted when the current phase stops dispatching (ends think-time pauses). */
  private get stopSignal(): AbortSignal {
    return this.phaseStop.signal;
  }
  private phaseStop = new AbortController();
  private loopDone = false;
  private idleResolve: (() => void) | undefined;
  private measureStart = 0;

  constructor(o: BenchRunOptions) {
    // Every in-flight request listens on this one signal: no leak warning past 10 listeners.
    setMaxListeners(0, this.cancelAc.signal);
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
    this.stream = o.stream ?? true;
    this.cap = o.maxInFlight ?? 512;
    this.states = o.targets.map((target) => ({
      target,
      stats: new TargetStats({ name: target.name, model: target.model, baseUrl: target.baseUrl }),
      inFlight: new Set<Flight>(),
      backlog: [],
      issued: 0,
      conversations: 0,
      sent: 0,
      firstSendAt: undefined,
      lastSendAt: undefined,
      capWarned: false,
    }));
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

  private get rate(): number | null {
    return this.o.load.mode === 'open' ? this.o.load.rate / this.shard.count : null;
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
      stream: this.stream,
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
    const clock = this.clock;
    const progressAc = new AbortController();
    const progressLoop = this.progressLoop(progressAc.signal);
    const wallStart = clock.wallNow();
    this.emit('start', {
      startedAt: new Date(wallStart).toISOString(),
      targets: this.states.map((s) => ({ ...s.stats.info })),
      load: this.loadInfo(),
    });
    const monitor = this.o.lagMonitor ?? createLagMonitor();
    let lag: { p99: number | null; max: number | null } = { p99: null, max: null };
    let measuredWall = wallStart;
    let durationMs = 0;
    try {
      const w = this.o.warmup;
      if (w && ('requests' in w ? w.requests > 0 : w.durationMs > 0) && !this.interrupted()) {
        await this.runPhase({ name: 'warmup', stop: w, record: false });
      }
      measuredWall = clock.wallNow();
      monitor.start();
      try {
        if (!this.interrupted()) {
          durationMs = await this.runPhase({ name: 'measure', stop: this.o.stop, record: true });
        } else {
          this.measureStart = clock.now();
        }
      } finally {
        lag = monitor.stop();
      }
    } finally {
      progressAc.abort();
      await progressLoop;
    }
    if (this.fatal) throw this.fatal.error;
    const durationS = durationMs / 1000;
    this.selfCheck(lag);
    const targets = this.states.map((s) => s.stats.toJSON(durationS, this.rate));
    const result = buildBenchResult({
      startedAtWall: measuredWall,
      durationS,
      version: this.o.version,
      load: this.loadInfo(),
      targets,
      eventLoopLagMs: lag,
      warnings: this.warnings,
      slo: this.o.slo ? evaluateSlo(this.o.slo, targets) : [],
      interrupted: this.interrupted(),
    });
    this.emit('end', result);
    if (this.fatal) throw (this.fatal as { error: unknown }).error;
    return result;
  }

  private interrupted(): boolean {
    return this.o.signal?.aborted === true;
  }

  /** Warnings when this machine could not produce the load it was asked for. */
  private selfCheck(lag: { p99: number | null; max: number | null }): void {
    const rate = this.rate;
    // A trace is bursty by nature: its send lag (sched_lag) says whether it was kept.
    const trace = this.o.load.mode === 'open' && this.o.load.arrival === 'trace';
    if (rate !== null && !trace && !this.interrupted()) {
      for (const s of this.states) {
        if (s.firstSendAt === undefined || s.lastSendAt === undefined) continue;
        const windowS = (s.lastSendAt - this.measureStart) / 1000 + 1 / rate;
        const achieved = s.sent / windowS;
        if (achieved < 0.95 * rate) {
          this.warn(
            `target '${s.target.name}': achieved ${achieved.toFixed(2)} req/s of the ${rate} req/s asked (${Math.round((achieved / rate) * 100)}%); the client could not keep the rate, so the load was lower than asked`,
          );
        }
      }
    }
    if (lag.p99 !== null && lag.p99 > 10) {
      this.warn(
        `event-loop lag p99 ${lag.p99.toFixed(1)} ms (max ${(lag.max ?? lag.p99).toFixed(1)} ms) is over 10 ms: this machine was too busy to time requests precisely`,
      );
    }
  }

  private async progressLoop(signal: AbortSignal): Promise<void> {
    const interval = this.o.progressIntervalMs ?? 250;
    if (!this.listeners.progress || interval <= 0) return;
    while (!signal.aborted) {
      await nap(this.clock, interval, signal);
      if (signal.aborted) break;
      this.emit('progress', this.progress());
    }
  }

  /** Live figures of every target (cheap: percentiles are cached between records). */
  progress(): BenchProgressEvent {
    const now = this.clock.now();
    const elapsedMs = now - this.phaseStart;
    let fraction: number;
    if (this.phaseEnd !== undefined) {
      fraction = Math.min(1, elapsedMs / Math.max(1, this.phaseEnd - this.phaseStart));
    } else {
      const total = (this.phaseLimit ?? 0) * this.states.length;
      const done = this.states.reduce(
        (n, s) => n + s.issued - s.inFlight.size - s.backlog.length,
        0,
      );
      fraction = total > 0 ? Math.min(1, done / total) : 1;
    }
    const measuredS = this.record ? elapsedMs / 1000 : 0;
    return {
      phase: this.phase,
      elapsedMs,
      fraction,
      targets: this.states.map((s) => {
        const snap = s.stats.snapshot();
        return {
          ...snap,
          inFlight: s.inFlight.size,
          queued: s.backlog.length,
          throughputRps: measuredS > 0 ? (snap.ok + errorTotal(snap.errors)) / measuredS : 0,
          targetRps: this.rate,
        };
      }),
    };
  }

  /** Runs one phase to its end and drain; returns its length in ms. */
  private async runPhase(spec: PhaseSpec): Promise<number> {
    const clock = this.clock;
    this.phase = spec.name;
    this.record = spec.record;
    this.stopping = false;
    this.loopDone = false;
    this.phaseStart = clock.now();
    if (spec.record) this.measureStart = this.phaseStart;
    this.phaseEnd = 'durationMs' in spec.stop ? this.phaseStart + spec.stop.durationMs : undefined;
    this.phaseLimit =
      'requests' in spec.stop
        ? spec.record
          ? shardRequests(spec.stop.requests, this.shard)
          : spec.stop.requests
        : undefined;
    for (const s of this.states) {
      s.issued = s.conversations = s.sent = 0;
      s.firstSendAt = undefined;
      s.lastSendAt = undefined;
    }
    const idle = new Promise<void>((resolve) => (this.idleResolve = resolve));
    const stopAc = (this.phaseStop = new AbortController());
    const loop = (this.o.load.mode === 'closed' ? this.closedLoop() : this.openLoop(stopAc.signal))
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.loopDone = true;
        this.checkIdle();
      });

    const timerAc = new AbortController();
    const abort = onAbort(this.o.signal);
    const fatal = onAbort(this.fatalAc.signal);
    const waits: Promise<void>[] = [idle, abort.promise, fatal.promise];
    if (this.phaseEnd !== undefined) {
      waits.push(nap(clock, this.phaseEnd - clock.now(), timerAc.signal));
    }
    await Promise.race(waits);
    timerAc.abort();

    // Stop dispatching; queued (never sent) requests are cancelled.
    this.stopping = true;
    stopAc.abort();
    this.phase = 'drain';
    for (const s of this.states) {
      for (const q of s.backlog.splice(0)) this.settleUnsent(s, q.seq);
    }
    this.checkIdle();
    if (!this.isIdle()) {
      const bound =
        this.interrupted() || this.fatal ? (this.o.abortDrainMs ?? 1000) : (this.o.drainMs ?? 5000);
      const drainAc = new AbortController();
      await Promise.race([idle, nap(clock, bound, drainAc.signal), abort.promise, fatal.promise]);
      drainAc.abort();
      if (!this.isIdle() && this.interrupted() && !this.fatal) {
        // Interrupted while draining a normal end: use the short bound from here.
        const shortAc = new AbortController();
        await Promise.race([idle, nap(clock, this.o.abortDrainMs ?? 1000, shortAc.signal)]);
        shortAc.abort();
      }
    }
    if (!this.isIdle()) {
      this.cancelAc.abort();
      const graceAc = new AbortController();
      await Promise.race([idle, nap(clock, ABORT_GRACE_MS, graceAc.signal)]);
      graceAc.abort();
      for (const s of this.states) {
        for (const f of [...s.inFlight])
          this.settle(
            s,
            f,
            this.synthetic(s, f, 'cancelled', 'still in flight when the run ended'),
          );
      }
    }
    abort.dispose();
    fatal.dispose();
    await loop;
    return clock.now() - this.phaseStart;
  }

  private isIdle(): boolean {
    return (
      this.loopDone && this.states.every((s) => s.inFlight.size === 0 && s.backlog.length === 0)
    );
  }

  private checkIdle(): void {
    if (this.isIdle()) this.idleResolve?.();
  }

  private canIssue(s: TargetState): boolean {
    if (this.stopping) return false;
    if (this.phaseLimit !== undefined) return s.issued < this.phaseLimit;
    return this.clock.now() < (this.phaseEnd as number);
  }

  /** Closed loop: `concurrency` workers per target, started interleaved (A1 B1 A2 B2 ...). */
  private async closedLoop(): Promise<void> {
    const c = this.o.load.mode === 'closed' ? this.o.load.concurrency : 1;
    const workers: Promise<void>[] = [];
    for (let slot = 0; slot < c; slot++) {
      for (const s of this.states) workers.push(this.worker(s));
    }
    await Promise.all(workers);
  }

  private async worker(s: TargetState): Promise<void> {
    if (this.workload.conversation) return this.conversations(s);
    while (this.canIssue(s)) {
      const k = s.issued++;
      await this.dispatch(s, this.seqOf(k), undefined);
    }
  }

  /** Multi-turn: each worker is one user, playing conversation after conversation. */
  private async conversations(s: TargetState): Promise<void> {
    const open = this.workload.conversation;
    const thinkMs = this.workload.thinkTimeMs ?? 0;
    while (open && this.canIssue(s)) {
      const index = this.seqOf(s.conversations++);
      await playConversation(open(index, !this.record), {
        send: (item) => {
          if (!this.canIssue(s)) return undefined;
          s.issued++;
          return this.dispatch(s, index, undefined, item);
        },
        think: async () => {
          if (thinkMs > 0) await nap(this.clock, thinkMs, this.stopSignal);
          return !this.stopping;
        },
        ...(this.workload.count ? { count: this.workload.count } : {}),
      });
    }
  }

  private seqOf(k: number): number {
    return this.record ? globalSeq(k, this.shard) : k;
  }

  /** Open loop: one schedule for all targets, each tick served round-robin. */
  private async openLoop(stop: AbortSignal): Promise<void> {
    if (this.o.load.mode !== 'open') return;
    const { rate, arrival } = this.o.load;
    const shard = this.record ? this.shard : NO_SHARD;
    const trace = this.workload.trace;
    const schedule =
      trace && arrival === 'trace'
        ? trace.forShard(shard)
        : new ArrivalSchedule(
            rate,
            arrival === 'poisson' ? 'poisson' : 'constant',
            shard,
            this.seed,
          );
    let overdue = 0;
    for (let k = 0; !this.stopping; k++) {
      if (this.phaseLimit !== undefined && k >= this.phaseLimit) break;
      const at = this.phaseStart + schedule.next();
      if (this.phaseEnd !== undefined && at >= this.phaseEnd) break;
      const wait = at - this.clock.now();
      if (wait > 0) {
        overdue = 0;
        // Build a long prompt while waiting for its send time, not at it.
        this.workload.prepare?.(this.seqOf(k), !this.record);
        await nap(this.clock, Math.max(0, at - this.clock.now()), stop);
      } else if (++overdue % YIELD_EVERY === 0) {
        await nap(this.clock, 0, stop);
      }
      if (this.stopping) break;
      const seq = this.seqOf(k);
      for (const i of tickOrder(k, this.states.length)) {
        const s = this.states[i] as TargetState;
        s.issued += 1;
        if (s.inFlight.size < this.cap) {
          void this.dispatch(s, seq, at);
        } else {
          s.backlog.push({ seq, intended: at });
          if (!s.capWarned) {
            s.capWarned = true;
            this.warn(
              `target '${s.target.name}': ${this.cap} requests in flight; further requests wait for a slot and count from their intended send time`,
            );
          }
        }
      }
    }
  }

  /** Sends request `seq` (or the given conversation turn); resolves with its record once settled. */
  private dispatch(
    s: TargetState,
    seq: number,
    intended: number | undefined,
    given?: WorkItem,
  ): Promise<AttemptResult> {
    const clock = this.clock;
    const item = given ?? this.workload.item(seq, !this.record);
    const req = benchRequest(item, { seq, stream: this.stream, warmup: !this.record });
    let done!: (result: AttemptResult) => void;
    const finished = new Promise<AttemptResult>((resolve) => (done = resolve));
    const now = clock.now();
    const flight: Flight = {
      seq,
      intended,
      dispatchedAt: now,
      dispatchedAtWall: clock.wallNow(),
      settled: false,
      item,
      done,
    };
    s.inFlight.add(flight);
    s.sent += 1;
    s.firstSendAt ??= now;
    s.lastSendAt = now;
    const ctx: SendContext =
      intended !== undefined
        ? { intendedStart: intended, signal: this.cancelAc.signal }
        : { signal: this.cancelAc.signal };
    let p: Promise<AttemptResult>;
    try {
      p = s.target.send(req, ctx);
    } catch (error) {
      p = Promise.reject(error);
    }
    p.then(
      (result) => this.settle(s, flight, result),
      (error: unknown) => this.settle(s, flight, this.fromError(s, flight, error)),
    );
    return finished;
  }

  private fromError(s: TargetState, f: Flight, error: unknown): AttemptResult {
    const message = error instanceof Error ? error.message : String(error);
    if (this.cancelAc.signal.aborted) return this.synthetic(s, f, 'cancelled', message);
    const cls = (error as { errorClass?: unknown } | null)?.errorClass;
    if (isErrorClass(cls)) return this.synthetic(s, f, cls, message);
    // A send must resolve with a record for upstream failures; a throw is a bug: stop the run.
    this.fail(error);
    return this.synthetic(s, f, 'cancelled', message);
  }

  private synthetic(s: TargetState, f: Flight, outcome: Outcome, message: string): AttemptResult {
    return blankAttempt({
      model: s.target.model,
      modelId: s.target.model,
      gateway: '',
      baseUrl: s.target.baseUrl,
      stream: this.stream,
      startedAtWall: f.dispatchedAtWall,
      ...(f.intended !== undefined ? { intendedStart: f.intended } : {}),
      start: f.dispatchedAt,
      end: this.clock.now(),
      outcome,
      message,
    });
  }

  /** A queued open-loop request that was never sent: cancelled, with no timing. */
  private settleUnsent(s: TargetState, seq: number): void {
    const now = this.clock.now();
    const f: Flight = {
      seq,
      intended: undefined,
      dispatchedAt: now,
      dispatchedAtWall: this.clock.wallNow(),
      settled: false,
      done: () => undefined,
    };
    this.settle(s, f, this.synthetic(s, f, 'cancelled', 'queued, never sent before the run ended'));
  }

  private settle(s: TargetState, f: Flight, result: AttemptResult): void {
    if (f.settled) return;
    f.settled = true;
    s.inFlight.delete(f);
    const r =
      f.intended !== undefined && result.intendedStart === undefined
        ? { ...result, intendedStart: f.intended }
        : result;
    if (this.record) s.stats.record(r, f.item);
    this.emit('request', { target: s.target.name, result: r, warmup: !this.record });
    f.done(r);
    // A slot freed: the oldest queued request goes now (late, but counted from its intended time).
    if (!this.stopping && s.backlog.length > 0 && s.inFlight.size < this.cap) {
      const q = s.backlog.shift() as { seq: number; intended: number };
      void this.dispatch(s, q.seq, q.intended);
    }
    this.checkIdle();
  }
}
