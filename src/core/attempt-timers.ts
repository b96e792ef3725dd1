import { unwatchAbort, watchAbort, type AbortWatch, type AbortWatcher } from './abort-watch.js';
import type { AttemptSpec } from './attempt-spec.js';
import {
  cancelDeadline,
  deadlineAfter,
  deadlineAt,
  type Deadline,
  type DeadlineOwner,
} from './deadlines.js';

/** Why an attempt was cut off: a timeout, the user, or the finish grace after the answer. */
export type StopReason =
  { kind: 'timeout'; message: string } | { kind: 'cancelled' } | { kind: 'finished' };

/** After finish_reason: how long to wait for the usage chunk / [DONE] before finishing anyway. */
const FINISH_GRACE_MS = 500;

const ATTEMPT = 0;
const FIRST_TOKEN = 1;
const IDLE = 2;
const FINISH = 3;

/**
 * The clocks of one attempt: the attempt and first-token timeouts, the idle timeout between
 * chunks, the finish grace and the user's signal. Each ends the request through its owner and
 * leaves its reason in `stop` (the first reason wins). They are entries in the process's
 * shared deadline lists (deadlines.ts), not timers of their own, and the signal is watched
 * through its one shared listener (abort-watch.ts): an attempt costs no timer, no listener
 * and no closure.
 */
export class AttemptTimers implements DeadlineOwner, AbortWatcher {
  stop: StopReason | undefined;
  readonly #spec: AttemptSpec;
  readonly #owner: { stopped(): void };
  #attempt: Deadline | undefined;
  #firstToken: Deadline | undefined;
  #idle: Deadline | undefined;
  #finish: Deadline | undefined;
  #watch: AbortWatch | undefined;
  /** performance.now() of the last output (the idle timeout counts from here). */
  #lastProgress = 0;

  constructor(spec: AttemptSpec, owner: { stopped(): void }) {
    this.#spec = spec;
    this.#owner = owner;
    const signal = spec.signal;
    if (signal?.aborted) {
      this.stop = { kind: 'cancelled' };
      return;
    }
    if (signal) this.#watch = watchAbort(signal, this);
    const { attemptMs, firstTokenMs } = spec.timeouts;
    this.#attempt = deadlineAfter(attemptMs, this, ATTEMPT);
    if (spec.request.stream && firstTokenMs < attemptMs) {
      this.#firstToken = deadlineAfter(firstTokenMs, this, FIRST_TOKEN);
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
    this.#idle ??= deadlineAfter(this.#spec.timeouts.idleMs, this, IDLE);
  }

  /** The answer is over: a server holding the connection open is cut off after a grace. */
  startFinishGrace(): void {
    if (this.stop) return;
    this.#finish ??= deadlineAfter(FINISH_GRACE_MS, this, FINISH);
  }

  dispose(): void {
    cancelDeadline(this.#attempt);
    cancelDeadline(this.#firstToken);
    cancelDeadline(this.#idle);
    cancelDeadline(this.#finish);
    unwatchAbort(this.#watch);
  }

  /** The user's signal aborted. */
  aborted(): void {
    this.#abortWith({ kind: 'cancelled' });
  }

  deadlineDue(kind: number, now: number): void {
    const { timeouts, model, deadlineBound } = this.#spec;
    const name = model.name;
    if (kind === IDLE) {
      const due = this.#lastProgress + timeouts.idleMs;
      if (due > now) {
        this.#idle = deadlineAt(timeouts.idleMs, due, this, IDLE);
        return;
      }
      this.#abortWith({
        kind: 'timeout',
        message: `stream from ${name} stalled: nothing for ${timeouts.idleMs} ms`,
      });
    } else if (kind === FIRST_TOKEN) {
      this.#abortWith({
        kind: 'timeout',
        message: `no first token from ${name} within ${timeouts.firstTokenMs} ms`,
      });
    } else if (kind === FINISH) {
      this.#abortWith({ kind: 'finished' });
    } else {
      this.#abortWith({
        kind: 'timeout',
        message: deadlineBound
          ? `chain deadline reached after ${timeouts.attemptMs} ms on ${name}`
          : `no complete answer from ${name} within ${timeouts.attemptMs} ms (attempt timeout)`,
      });
    }
  }

  #abortWith(reason: StopReason): void {
    if (this.stop) return;
    this.stop = reason;
    this.dispose();
    this.#owner.stopped();
  }
}
