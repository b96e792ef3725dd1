import type { ModelSettings, RetrySettings } from './settings.js';
import type { CircuitBreaker } from './breaker.js';
import type { AttemptOptions, ChainEvent, ChainOptions } from './chain-options.js';
import type { Clock } from './clock.js';
import type { ErrorClass } from './errors.js';
import type { KeyPool } from './keys.js';
import type { ChatRequest } from './request.js';
import type { AttemptResult, ChainResult } from './result.js';
import {
  decideAfterFailure,
  setsKeyAside,
  skipAfterAuth,
  skipAfterContextLength,
  type FailureDecision,
  type FailureFacts,
} from './retry.js';
import type { StateStore } from './state-store.js';
import { firstTokenBudget } from './first-token-budget.js';
import { runHedged, type HedgeLeg, type HedgeOutcome } from './hedge.js';

/** What one chain run needs from the client. */
export interface ChainDeps {
  clock: Clock;
  breaker: CircuitBreaker;
  store: StateStore;
  retry: RetrySettings;
  random: () => number;
  /** The chain deadline in ms (the option, else the settings' default). */
  deadlineMs: number;
  /** `timeouts.firstToken`: each attempt's wait is shortened to fit the deadline. */
  firstTokenMs: number;
  /** `--hedge` / `retry.hedge`: off when undefined. */
  hedgeMs?: number;
  pool(gateway: string): KeyPool | undefined;
  attempt(
    model: ModelSettings,
    request: ChatRequest,
    options: AttemptOptions,
    deadlineAt: number,
  ): Promise<AttemptResult>;
}

type PendingFailure = { from: string; cls: ErrorClass; httpStatus?: number; retryAfterMs?: number };

/**
 * One run of the fallback chain (SPEC §2): models in order, skips, per-model attempts and
 * the decision after each failure (`decideAfterFailure`), one overall deadline.
 */
export class FallbackChain {
  readonly #attempts: AttemptResult[] = [];
  readonly #classes: ErrorClass[] = [];
  readonly #skipped: ChainResult['skipped'] = [];
  /** Models already tried as a hedge: the chain does not try them again. */
  readonly #consumed = new Set<string>();
  #hedged = false;
  #waitedMs = 0;
  readonly #deadlineAt: number;
  readonly #useBreaker: boolean;
  #pendingFailure: PendingFailure | undefined;
  #authFailed: ModelSettings | undefined;
  #contextFailed: ModelSettings | undefined;
  #stopMessage: string | undefined;

  constructor(
    private readonly deps: ChainDeps,
    private readonly models: ModelSettings[],
    private readonly request: ChatRequest,
    private readonly options: ChainOptions,
  ) {
    this.#deadlineAt = deps.clock.now() + deps.deadlineMs;
    this.#useBreaker = options.useBreaker !== false;
  }

  async run(): Promise<ChainResult> {
    for (const model of this.models) {
      if (this.#consumed.has(model.name)) continue;
      const reason = this.#skipReason(model);
      if (reason !== undefined) {
        this.#skipped.push({ model: model.name, reason });
        this.#emit({ type: 'skip', model: model.name, reason });
        continue;
      }
      // No "trying X" note when the deadline leaves no time to try X.
      if (this.#pendingFailure && !this.#deadlinePassed()) {
        this.#emit({ type: 'failover', ...this.#pendingFailure, to: model.name });
        this.#pendingFailure = undefined;
      }
      const done = await this.#runModel(model);
      if (done) return done;
      if (this.#stopMessage !== undefined) break;
    }
    return this.#failed();
  }

  #emit(event: ChainEvent): void {
    this.options.onEvent?.(event);
  }

  /**
   * Less than a whole millisecond left counts as passed: timers fire at ms granularity, so an
   * attempt cut at the deadline (rounded up) may still end a fraction of a millisecond early.
   */
  #deadlinePassed(): boolean {
    return Math.floor(this.#deadlineAt - this.deps.clock.now()) <= 0;
  }

  /** Why a model is passed over without an attempt (earlier failures, open circuit), if it is. */
  #skipReason(model: ModelSettings): string | undefined {
    if (this.#authFailed && skipAfterAuth(this.#authFailed, model)) {
      return 'same gateway as a rejected key';
    }
    if (this.#contextFailed && skipAfterContextLength(this.#contextFailed, model)) {
      return `context window not larger than ${this.#contextFailed.name}'s`;
    }
    if (!this.#useBreaker) return undefined;
    const decision = this.deps.breaker.acquire(model.name);
    if (decision.allow) return undefined;
    const after = decision.lastClass ? ` after ${decision.lastClass}` : '';
    return decision.probeElsewhere
      ? `circuit open${after}, another run is probing it now`
      : `circuit open${after}, next probe in ${Math.ceil(decision.reopensInMs / 1000)}s`;
  }

  /** Attempts on one model until it answers, the chain stops, or it fails over (undefined). */
  async #runModel(first: ModelSettings): Promise<ChainResult | undefined> {
    let model = first;
    let pool = this.deps.pool(model.gateway);
    let attemptNo = 0;
    let rotations = 0;
    for (;;) {
      if (this.#deadlinePassed()) return this.#stopAtDeadline(model);
      attemptNo++;
      const sent = await this.#send(model);
      if (sent.model !== model) {
        // A hedge took over: the chain goes on with the hedge's model from here.
        model = sent.model;
        pool = this.deps.pool(model.gateway);
        attemptNo = 1;
        rotations = 0;
      }
      const result = sent.result;
      const ended = this.#ended(model, result);
      if (ended) return ended;
      const decision = this.#decide(model, result, pool, attemptNo, rotations);
      if (decision.action === 'rotate_key') {
        rotations++;
        attemptNo--;
        this.#emit({
          type: 'key_rotated',
          gateway: model.gateway,
          cls: result.outcome as ErrorClass,
        });
        continue;
      }
      if (decision.action === 'retry') {
        const cancelled = await this.#waitToRetry(model, result, decision.delayMs, attemptNo);
        if (cancelled) return cancelled;
        rotations = 0;
        continue;
      }
      if (decision.action === 'stop') return this.#stopped(result, decision.why);
      this.#noteFailover(model, result);
      return undefined;
    }
  }

  /**
   * One attempt on `model`, hedged when `--hedge` is on and a later model can be tried. The
   * attempts are recorded; returns the one the chain goes on with and its model.
   */
  async #send(model: ModelSettings): Promise<{ model: ModelSettings; result: AttemptResult }> {
    const options = this.#attemptOptions(model);
    if (this.deps.hedgeMs === undefined || !this.#laterModels(model).length) {
      const result = await this.deps.attempt(model, this.request, options, this.#deadlineAt);
      this.#attempts.push(result);
      return { model, result };
    }
    const outcome = await runHedged({
      primary: model,
      hedgeMs: this.deps.hedgeMs,
      clock: this.deps.clock,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(this.options.onToken ? { onToken: this.options.onToken } : {}),
      pickHedge: () => this.#pickHedge(model),
      onHedge: (from, to) => {
        this.#hedged = true;
        this.#emit({
          type: 'hedge',
          from: from.name,
          to: to.name,
          afterMs: this.deps.hedgeMs ?? 0,
        });
      },
      launch: (m, hooks) =>
        this.deps.attempt(
          m,
          this.request,
          { ...this.#attemptOptions(m), ...hooks },
          this.#deadlineAt,
        ),
    });
    return this.#settleHedge(outcome);
  }

  /** The options of one attempt: the chain's, with the first-token wait fitted to the deadline. */
  #attemptOptions(model: ModelSettings): AttemptOptions {
    const firstTokenMs = firstTokenBudget({
      firstTokenMs: this.deps.firstTokenMs,
      now: this.deps.clock.now(),
      deadlineAt: this.#deadlineAt,
      modelsLeft: 1 + this.#laterModels(model).length,
    });
    return { ...this.options, firstTokenMs };
  }

  /** The models after `model` that this run has not tried yet. */
  #laterModels(model: ModelSettings): ModelSettings[] {
    const at = this.models.indexOf(model);
    return this.models.slice(at + 1).filter((m) => !this.#consumed.has(m.name));
  }

  /** The model a hedge starts: the next one not passed over (skips are recorded as usual). */
  #pickHedge(model: ModelSettings): ModelSettings | undefined {
    if (this.#deadlinePassed()) return undefined;
    for (const next of this.#laterModels(model)) {
      this.#consumed.add(next.name);
      const reason = this.#skipReason(next);
      if (reason === undefined) return next;
      this.#skipped.push({ model: next.name, reason });
      this.#emit({ type: 'skip', model: next.name, reason });
    }
    return undefined;
  }

  /**
   * Records both legs of a hedge. The winner (or, when neither produced a token, the hedge
   * leg) is what the chain goes on with; the other leg's failure feeds its breaker, and a
   * leg cancelled because the other won releases its breaker probe without a verdict.
   */
  #settleHedge(outcome: HedgeOutcome): { model: ModelSettings; result: AttemptResult } {
    const { legs, winner } = outcome;
    const goOn = winner ?? legs.length - 1;
    const lostToHedge = winner !== undefined && !this.options.signal?.aborted;
    for (const [i, leg] of legs.entries()) {
      const result = leg.result;
      if (legs.length > 1) result.hedge = leg.role;
      this.#attempts.push(result);
      if (i === goOn) continue;
      if (result.outcome === 'cancelled' && lostToHedge) {
        result.message = `cancelled: ${legs[goOn]?.model.name} answered first`;
        result.hedgeCancelled = true;
      }
      if (result.outcome === 'cancelled' || result.outcome === 'ok') {
        if (this.#useBreaker) this.deps.breaker.release(leg.model.name);
        continue;
      }
      this.#classes.push(result.outcome);
      if (this.#useBreaker) this.deps.breaker.onFailure(leg.model.name, result.outcome);
    }
    const on = legs[goOn] as HedgeLeg;
    this.#consumed.add(on.model.name);
    return { model: on.model, result: on.result };
  }

  /** An answer or a cancel ends the chain; a failure is recorded and goes on to a decision. */
  #ended(model: ModelSettings, result: AttemptResult): ChainResult | undefined {
    if (result.outcome === 'ok') {
      if (this.#useBreaker) this.deps.breaker.onSuccess(model.name, result.startedAtWall);
      return this.#finish(result);
    }
    if (result.outcome === 'cancelled') {
      if (this.#useBreaker) this.deps.breaker.release(model.name);
      return this.#finish(result, { class: 'timeout', message: 'cancelled' });
    }
    this.#classes.push(result.outcome);
    return undefined;
  }

  #decide(
    model: ModelSettings,
    result: AttemptResult,
    pool: KeyPool | undefined,
    attemptNo: number,
    rotations: number,
  ): FailureDecision {
    const cls = result.outcome as ErrorClass;
    // Open means "do not send": once this failure opened the circuit (or a half-open probe
    // failed), no same-model retry or key rotation; the chain moves on.
    const circuitOpened = this.#useBreaker && this.deps.breaker.onFailure(model.name, cls);
    const facts: FailureFacts = {
      cls,
      attemptNo,
      delivered: result.delivered,
      circuitOpened,
      now: 0,
      deadlineAt: this.#deadlineAt,
      retry: this.deps.retry,
      random: this.deps.random,
    };
    if (result.retryAfterMs !== undefined) facts.retryAfterMs = result.retryAfterMs;
    if (pool && result.keyIndex !== undefined) {
      if (setsKeyAside(facts)) pool.disable(result.keyIndex);
      facts.keys = { available: pool.available, size: pool.size, rotations };
    }
    facts.now = this.deps.clock.now();
    return decideAfterFailure(facts);
  }

  /** Sleeps before a same-model retry; a cancel during the wait ends the chain. */
  async #waitToRetry(
    model: ModelSettings,
    result: AttemptResult,
    delayMs: number,
    attemptNo: number,
  ): Promise<ChainResult | undefined> {
    const cls = result.outcome as ErrorClass;
    const event: ChainEvent = { type: 'retry', model: model.name, cls, delayMs, attemptNo };
    if (result.httpStatus !== undefined) event.httpStatus = result.httpStatus;
    this.#emit(event);
    try {
      const from = this.deps.clock.now();
      await this.deps.clock.sleep(delayMs, this.options.signal);
      this.#waitedMs += this.deps.clock.now() - from;
      return undefined;
    } catch {
      return this.#finish(result, { class: cls, message: 'cancelled' });
    }
  }

  #stopped(result: AttemptResult, why: 'delivered' | 'refused'): ChainResult {
    const cls = result.outcome as ErrorClass;
    if (why === 'refused')
      return this.#finish(result, { class: cls, message: result.message ?? cls });
    // Text already reached the user: never splice another model's answer onto it.
    return this.#finish(result, {
      class: cls,
      message: `${result.message ?? cls}; ${result.delivered} characters were delivered before the failure`,
    });
  }

  #noteFailover(model: ModelSettings, result: AttemptResult): void {
    const cls = result.outcome as ErrorClass;
    if (cls === 'auth') this.#authFailed = model;
    if (cls === 'context_length') this.#contextFailed = model;
    const pending: PendingFailure = { from: model.name, cls };
    if (result.httpStatus !== undefined) pending.httpStatus = result.httpStatus;
    if (result.retryAfterMs !== undefined) pending.retryAfterMs = result.retryAfterMs;
    this.#pendingFailure = pending;
  }

  #stopAtDeadline(model: ModelSettings): undefined {
    const lastMessage = this.#attempts[this.#attempts.length - 1]?.message;
    this.#stopMessage = `deadline of ${this.deps.deadlineMs} ms reached${lastMessage ? `; last: ${lastMessage}` : ''}; allow more time with --deadline or timeouts.deadline`;
    if (this.#useBreaker) this.deps.breaker.release(model.name);
    this.#classes.push('timeout');
    return undefined;
  }

  /** Every model failed, was skipped, or the deadline passed. */
  #failed(): ChainResult {
    const last = this.#attempts[this.#attempts.length - 1];
    const decisive = this.#classes[this.#classes.length - 1];
    if (decisive === undefined) {
      const skipped = this.#skipped.map((s) => `${s.model} (${s.reason})`).join(', ');
      return this.#finish(last, {
        class: 'server_error',
        message: `no model could be tried: ${skipped}`,
      });
    }
    const message =
      this.#stopMessage ??
      (this.models.length > 1
        ? `every model failed; last: ${last?.message ?? decisive}`
        : (last?.message ?? decisive));
    return this.#finish(last, { class: decisive, message });
  }

  #finish(
    final: AttemptResult | undefined,
    error?: { class: ErrorClass; message: string },
  ): ChainResult {
    this.deps.store.save();
    const out: ChainResult = {
      ok: !error && final?.outcome === 'ok',
      attempts: this.#attempts,
      classes: this.#classes,
      fallbackUsed: final !== undefined && final.model !== this.models[0]?.name,
      skipped: this.#skipped,
    };
    if (final) out.final = final;
    if (error) out.error = error;
    if (final?.outcome === 'cancelled') out.cancelled = true;
    if (this.#hedged) out.hedged = true;
    if (this.#waitedMs > 0) out.waitedMs = this.#waitedMs;
    return out;
  }
}
