import type { Clock } from '../core/clock.js';
import { SEND_SPARE_MS, yieldToIo } from './phase-window.js';
import type { Workload } from './workload/types.js';

/** Requests built ahead of the one due next (each workload keeps 256 built items). */
export const PREPARE_AHEAD = 16;

export interface PrepareAheadOptions {
  clock: Clock;
  workload: Workload;
  /** Global request number of the phase's k-th request. */
  seqOf(k: number): number;
  /** How many requests the phase may send (per target), when bounded. */
  count: number | undefined;
  warmup: boolean;
}

/**
 * Builds the open loop's next requests (a long exact-length prompt takes ms of tokenizer work)
 * well before they are due, so no prompt is built at, or just before, a send time: the first
 * ones before the phase opens, then more while waiting for the next send, each only when the
 * slowest build seen so far still fits before that send. Multi-turn turns are built as they go.
 */
export class PrepareAhead {
  readonly #o: PrepareAheadOptions;
  /** The next request to build. */
  #next = 0;
  /** The slowest build so far, ms (what the next one is assumed to cost). */
  #costMs = 0;

  constructor(o: PrepareAheadOptions) {
    this.#o = o;
  }

  /** Before the phase opens (nothing is due yet): builds the first requests. */
  first(): void {
    while (this.#wanted(0)) this.#build();
  }

  /**
   * While waiting for request `k`, due at monotonic `at`: builds it if it is not yet (it is
   * needed now anyway), then the ones after it while there is time before `at`, one at a time
   * with I/O (answers arriving) let through between them.
   */
  async during(k: number, at: number): Promise<void> {
    if (!this.#o.workload.prepare || this.#o.workload.conversation) return;
    this.#next = Math.max(this.#next, k);
    if (this.#next === k && this.#wanted(k)) this.#build();
    while (this.#wanted(k) && at - this.#o.clock.now() >= this.#costMs + SEND_SPARE_MS) {
      await yieldToIo();
      if (at - this.#o.clock.now() < this.#costMs + SEND_SPARE_MS) return;
      this.#build();
    }
  }

  #wanted(k: number): boolean {
    const { workload, count } = this.#o;
    if (!workload.prepare || workload.conversation) return false;
    return this.#next <= k + PREPARE_AHEAD && (count === undefined || this.#next < count);
  }

  #build(): void {
    const { clock, workload, seqOf, warmup } = this.#o;
    const t0 = clock.now();
    workload.prepare?.(seqOf(this.#next), warmup);
    this.#costMs = Math.max(this.#costMs, clock.now() - t0);
    this.#next += 1;
  }
}
