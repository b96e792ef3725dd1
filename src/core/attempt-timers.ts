import { unwatchAbort, watchAbort, type AbortWatch } from './abort-watch.js';
import type { AttemptSpec } from './attempt-spec.js';
import { cancelDeadline, deadlineAfter, deadlineAt, type Deadline } from './deadlines.js';

/** Why an attempt was cut off: a timeout, the user, or the finish grace after the answer. */
export type StopReason =
  { kind: 'timeout'; message: string } | { kind: 'cancelled' } | { kind: 'finished' };

/** After finish_reason: how long to wait for the usage chunk / [DONE] before finishing anyway. */
const FINISH_GRACE_MS = 500;

/**
 * The clocks of one attempt: the attempt and first-token timeouts, the idle timeout between
 * chunks, the finish grace and the user's signal. Each ends the request through `onStop` and
 * leaves its reason in `stop` (the first reason wins). They are entries in the process's
 * shared deadline lists (deadlines.ts), not timers of their own, and the signal is watched
 * through its one shared listener (abort-watch.ts): an attempt costs no timer and no listener.
 */
export class AttemptTimers {
  stop: StopReason | undefined;
  readonly #spec: AttemptSpec;
  readonly #onStop: () => void;
  #attempt: Deadline | undefined;
  #firstToken: Deadline | undefined;
  #idle: Deadline | undefined;
  #finish: Deadline | undefined;
  #watch: AbortWatch | undefined;
  /** performance.now() of the last output (the idle timeout counts from here). */
  #lastProgress = 0;
  readonly #onUserAbort = (): void => this.#abortWith({ kind: 'cancelled' });

  constructor(spec: AttemptSpec, onStop: () => void) {
    this.#spec = spec;
    this.#onStop = onStop;
    const signal = spec.signal;
    if (signal?.aborted) {
      this.stop = { kind: 'cancelled' };
      return;
    }
    if (signal) this.#watch = watchAbort(signal, this.#onUserAbort);
    const { attemptMs, firstTokenMs } = spec.timeouts;
    this.#attempt = deadlineAfter(attemptMs, () => this.#attemptTimeout(attemptMs));
    if (spec.request.stream && firstTokenMs < attemptMs) {
      this.#firstToken = deadlineAfter(firstTokenMs, () =>
        this.#abortWith({
          kind: 'timeout',
          message: `no first token from ${spec.model.name} within ${firstTokenMs} ms`,
        }),
      );
    }
  }

  /** The first token (or reasoning) arrived: the first-token timeout is over. */
  firstOutputSeen(): void {
    cancelDeadline(this.#firstToken);
    this.#firstToken = undefined;
  }

  /**
   * Output arrived: the idle timeout starts again. Only the time is noted; the deadline, when
   * it comes, finds the progress and comes back for the rest of its time.
   */
  resetIdle(): void {
    if (this.stop) return;
    this.#lastProgress = performance.now();
    this.#idle ??= deadlineAfter(this.#spec.timeouts.idleMs, this.#idleDue);
  }

  /** The answer is over: a server holding the connection open is cut off after a grace. */
  startFinishGrace(): void {
    if (this.stop) return;
    this.#finish ??= deadlineAfter(FINISH_GRACE_MS, () => this.#abortWith({ kind: 'finished' }));
  }

  dispose(): void {
    cancelDeadline(this.#attempt);
    cancelDeadline(this.#firstToken);
    cancelDeadline(this.#idle);
    cancelDeadline(this.#finish);
    unwatchAbort(this.#watch);
  }

  readonly #idleDue = (now: number): void => {
    const { idleMs } = this.#spec.timeouts;
    const due = this.#lastProgress + idleMs;
    if (due > now) {
      this.#idle = deadlineAt(idleMs, due, this.#idleDue);
      return;
    }
    this.#abortWith({
      kind: 'timeout',
      message: `stream from ${this.#spec.model.name} stalled: nothing for ${idleMs} ms`,
    });
  };

  #attemptTimeout(attemptMs: number): void {
    const name = this.#spec.model.name;
    this.#abortWith({
      kind: 'timeout',
      message: this.#spec.deadlineBound
        ? `chain deadline reached after ${attemptMs} ms on ${name}`
        : `no complete answer from ${name} within ${attemptMs} ms (attempt timeout)`,
    });
  }

  #abortWith(reason: StopReason): void {
    if (this.stop) return;
    this.stop = reason;
    this.dispose();
    this.#onStop();
  }
}
