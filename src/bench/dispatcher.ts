import { setMaxListeners } from 'node:events';
import { LinkedList, type Linked } from '../core/linked-list.js';
import type { Clock } from '../core/clock.js';
import { isErrorClass } from '../core/errors.js';
import { blankAttempt, type AttemptResult, type Outcome } from '../core/result.js';
import type { PhaseWindow } from './phase-window.js';
import type { BenchRequestEvent, BenchTarget, SendContext } from './runner-types.js';
import type { GoodputTerm } from './goodput.js';
import { TargetStats } from './stats.js';
import { benchRequest } from './workload/request.js';
import type { WorkItem, Workload } from './workload/types.js';

/**
 * Sends the bench's requests and accounts for every one: each dispatched or queued request
 * is settled exactly once (a record, an error class, or cancelled), recorded in its target's
 * stats during the measured phase, and reported as a `request` event.
 */

interface Flight extends Linked<Flight> {
  seq: number;
  intended: number | undefined;
  /** Monotonic; its wall time is worked out only for the rare record made here (#synthetic). */
  dispatchedAt: number;
  settled: boolean;
  /** Content chunks streamed so far (live tokens/s before the request completes). */
  chunks: number;
  /** What the request sent (input length, max_tokens, turn), for the length and turn figures. */
  item?: WorkItem;
  done: (result: AttemptResult) => void;
}

export interface TargetState {
  target: BenchTarget;
  stats: TargetStats;
  /** Requests sent and not settled (a linked list: see core/linked-list.ts). */
  inFlight: LinkedList<Flight>;
  /** Open loop: requests waiting for an in-flight slot, with their intended send time. */
  backlog: { seq: number; intended: number }[];
  issued: number;
  /** Multi-turn: conversations started in this phase. */
  conversations: number;
  sent: number;
  firstSendAt: number | undefined;
  lastSendAt: number | undefined;
  /** Content chunks streamed by the requests in flight now (measured phase). */
  chunksInFlight: number;
  capWarned: boolean;
}

export interface DispatcherOptions {
  clock: Clock;
  targets: readonly BenchTarget[];
  /** What request `seq` sends. */
  workload: Workload;
  stream: boolean;
  /** Open loop: in-flight cap per target. */
  cap: number;
  /** `--goodput` terms: which ok requests count as good. */
  goodput?: readonly GoodputTerm[] | undefined;
  window: PhaseWindow;
  /** Every settled request (made only when someone listens). */
  onRequest?: ((event: BenchRequestEvent) => void) | undefined;
  warn(message: string): void;
  /** A send threw instead of resolving with a record: a bug, the run stops. */
  fail(error: unknown): void;
  /** After every settle: the runner checks whether the phase went idle. */
  onSettled(): void;
}

export class Dispatcher {
  readonly states: TargetState[];
  /** Cancels every request still in flight when the run ends (all are only ever cancelled together). */
  readonly #cancelAc = new AbortController();
  readonly #o: DispatcherOptions;

  constructor(o: DispatcherOptions) {
    // Every in-flight request listens on this one signal: no leak warning past 10 listeners.
    setMaxListeners(0, this.#cancelAc.signal);
    this.#o = o;
    this.states = o.targets.map((target) => ({
      target,
      stats: new TargetStats(
        {
          name: target.name,
          model: target.model,
          baseUrl: target.baseUrl,
          ...(target.sentId !== undefined ? { sentId: target.sentId } : {}),
        },
        0,
        o.goodput,
      ),
      inFlight: new LinkedList<Flight>(),
      backlog: [],
      issued: 0,
      conversations: 0,
      sent: 0,
      firstSendAt: undefined,
      lastSendAt: undefined,
      chunksInFlight: 0,
      capWarned: false,
    }));
  }

  /** No request in flight or queued. */
  get empty(): boolean {
    return this.states.every((s) => s.inFlight.size === 0 && s.backlog.length === 0);
  }

  /** Open loop: send now, or queue behind the in-flight cap (keeping the intended time). */
  offer(s: TargetState, seq: number, intended: number): void {
    if (s.inFlight.size < this.#o.cap) {
      void this.dispatch(s, seq, intended);
      return;
    }
    s.backlog.push({ seq, intended });
    if (!s.capWarned) {
      s.capWarned = true;
      this.#o.warn(
        `target '${s.target.name}': ${this.#o.cap} requests in flight; further requests wait for a slot and count from their intended send time`,
      );
    }
  }

  /** Sends request `seq` (or the given conversation turn) to one target; resolves with its settled record. */
  dispatch(
    s: TargetState,
    seq: number,
    intended: number | undefined,
    given?: WorkItem,
  ): Promise<AttemptResult> {
    let done!: (result: AttemptResult) => void;
    const settled = new Promise<AttemptResult>((resolve) => (done = resolve));
    // Outside the promise: what throws here (a workload that cannot build the item) throws to the caller.
    this.send(s, seq, intended, given, done);
    return settled;
  }

  /**
   * The same with a callback: `done` gets the settled record (once, whatever happens to the
   * send; run from a microtask, never from inside the HTTP client). The closed loop's workers
   * go on from it without a promise per request.
   */
  send(
    s: TargetState,
    seq: number,
    intended: number | undefined,
    given: WorkItem | undefined,
    done: (result: AttemptResult) => void,
  ): void {
    const o = this.#o;
    const { clock, window } = o;
    const warmup = !window.record;
    const item = given ?? o.workload.item(seq, warmup);
    const now = clock.now();
    const flight: Flight = {
      seq,
      intended,
      dispatchedAt: now,
      settled: false,
      chunks: 0,
      item,
      done,
      prev: undefined,
      next: undefined,
      list: undefined,
    };
    s.inFlight.add(flight);
    s.sent += 1;
    s.firstSendAt ??= now;
    s.lastSendAt = now;
    const record = window.record;
    if (record) s.stats.noteSend(now);
    // Live tokens/s counts streamed chunks before the answer ends (a JSON answer has one).
    const onChunk = o.stream
      ? (): void => {
          if (flight.settled || !record) return;
          flight.chunks += 1;
          s.chunksInFlight += 1;
        }
      : undefined;
    const ctx: SendContext = { intendedStart: intended, signal: this.#cancelAc.signal, onChunk };
    let p: Promise<AttemptResult>;
    try {
      p = s.target.send(benchRequest(item, seq, o.stream, warmup), ctx);
    } catch (error) {
      p = Promise.reject(error);
    }
    p.then(
      (result) => this.#settle(s, flight, result),
      (error: unknown) => this.#settle(s, flight, this.#fromError(s, flight, error)),
    );
  }

  /** The phase stopped: queued (never sent) requests are cancelled, with no timing. */
  cancelQueued(): void {
    for (const s of this.states) {
      for (const q of s.backlog.splice(0)) this.#settleUnsent(s, q.seq);
    }
  }

  /** Aborts every send still in flight (they should resolve as `cancelled`). */
  abortInFlight(): void {
    this.#cancelAc.abort();
  }

  /** Counts whatever is still in flight as cancelled, resolved or not. */
  cancelInFlight(): void {
    for (const s of this.states) {
      for (const f of s.inFlight.toArray()) {
        this.#settle(
          s,
          f,
          this.#synthetic(s, f, 'cancelled', 'still in flight when the run ended'),
        );
      }
    }
  }

  #fromError(s: TargetState, f: Flight, error: unknown): AttemptResult {
    const message = error instanceof Error ? error.message : String(error);
    if (this.#cancelAc.signal.aborted) return this.#synthetic(s, f, 'cancelled', message);
    const cls = (error as { errorClass?: unknown } | null)?.errorClass;
    if (isErrorClass(cls)) return this.#synthetic(s, f, cls, message);
    // A send must resolve with a record for upstream failures; a throw is a bug: stop the run.
    this.#o.fail(error);
    return this.#synthetic(s, f, 'cancelled', message);
  }

  #synthetic(s: TargetState, f: Flight, outcome: Outcome, message: string): AttemptResult {
    const { clock } = this.#o;
    const end = clock.now();
    return blankAttempt({
      model: s.target.model,
      modelId: s.target.model,
      gateway: '',
      baseUrl: s.target.baseUrl,
      stream: this.#o.stream,
      startedAtWall: clock.wallNow() - (end - f.dispatchedAt),
      ...(f.intended !== undefined ? { intendedStart: f.intended } : {}),
      start: f.dispatchedAt,
      end,
      outcome,
      message,
    });
  }

  #settleUnsent(s: TargetState, seq: number): void {
    const f: Flight = {
      seq,
      intended: undefined,
      dispatchedAt: this.#o.clock.now(),
      settled: false,
      chunks: 0,
      done: () => undefined,
      prev: undefined,
      next: undefined,
      list: undefined,
    };
    this.#settle(
      s,
      f,
      this.#synthetic(s, f, 'cancelled', 'queued, never sent before the run ended'),
    );
  }

  #settle(s: TargetState, f: Flight, result: AttemptResult): void {
    if (f.settled) return;
    f.settled = true;
    s.inFlight.remove(f);
    s.chunksInFlight -= f.chunks;
    const r =
      f.intended !== undefined && result.intendedStart === undefined
        ? { ...result, intendedStart: f.intended }
        : result;
    const o = this.#o;
    const { window } = o;
    if (window.record) s.stats.record(r, f.item);
    o.onRequest?.({ target: s.target.name, result: r, warmup: !window.record });
    // A slot freed: the oldest queued request goes now (late, but counted from its intended time).
    if (!window.stopping && s.backlog.length > 0 && s.inFlight.size < o.cap) {
      const q = s.backlog.shift() as { seq: number; intended: number };
      void this.dispatch(s, q.seq, q.intended);
    }
    o.onSettled();
    // Last: a closed-loop worker sends its next request from here.
    f.done(r);
  }
}
