import { AttemptAbort } from './attempt-abort.js';
import type { AttemptSpec } from './attempt-spec.js';

/** Why an attempt was cut off: a timeout, the user, or the finish grace after the answer. */
export type StopReason =
  { kind: 'timeout'; message: string } | { kind: 'cancelled' } | { kind: 'finished' };

/** After finish_reason: how long to wait for the usage chunk / [DONE] before finishing anyway. */
const FINISH_GRACE_MS = 500;

/**
 * The clocks of one attempt: the attempt and first-token timeouts, the idle timeout between
 * chunks, the finish grace and the user's signal. Each ends the request through one abort
 * switch and leaves its reason in `stop` (the first reason wins).
 */
export class AttemptTimers {
  readonly controller = new AttemptAbort();
  stop: StopReason | undefined;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #spec: AttemptSpec;
  #firstToken: NodeJS.Timeout | undefined;
  #idle: NodeJS.Timeout | undefined;
  #finish: NodeJS.Timeout | undefined;
  readonly #onUserAbort = (): void => this.#abortWith({ kind: 'cancelled' });

  constructor(spec: AttemptSpec) {
    this.#spec = spec;
    if (spec.signal?.aborted) this.#onUserAbort();
    spec.signal?.addEventListener('abort', this.#onUserAbort, { once: true });
    const { attemptMs, firstTokenMs } = spec.timeouts;
    const name = spec.model.name;
    this.#after(attemptMs, () => ({
      kind: 'timeout',
      message: spec.deadlineBound
        ? `chain deadline reached after ${attemptMs} ms on ${name}`
        : `no complete answer from ${name} within ${attemptMs} ms (attempt timeout)`,
    }));
    if (spec.request.stream && firstTokenMs < attemptMs) {
      this.#firstToken = this.#after(firstTokenMs, () => ({
        kind: 'timeout',
        message: `no first token from ${name} within ${firstTokenMs} ms`,
      }));
    }
  }

  /** The first token (or reasoning) arrived: the first-token timeout is over. */
  firstOutputSeen(): void {
    const t = this.#firstToken;
    if (!t) return;
    clearTimeout(t);
    this.#timers.delete(t);
    this.#firstToken = undefined;
  }

  /** Output arrived: the idle timeout starts again. */
  resetIdle(): void {
    if (this.#idle) {
      this.#idle.refresh();
      return;
    }
    const { idleMs } = this.#spec.timeouts;
    this.#idle = this.#after(idleMs, () => ({
      kind: 'timeout',
      message: `stream from ${this.#spec.model.name} stalled: nothing for ${idleMs} ms`,
    }));
  }

  /** The answer is over: a server holding the connection open is cut off after a grace. */
  startFinishGrace(): void {
    this.#finish ??= this.#after(FINISH_GRACE_MS, () => ({ kind: 'finished' }));
  }

  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#spec.signal?.removeEventListener('abort', this.#onUserAbort);
  }

  #abortWith(reason: StopReason): void {
    if (this.stop) return;
    this.stop = reason;
    this.controller.abort();
  }

  #after(ms: number, reason: () => StopReason): NodeJS.Timeout {
    const t = setTimeout(() => this.#abortWith(reason()), Math.max(0, ms));
    this.#timers.add(t);
    return t;
  }
}
