/**
 * A model's server-side capacity (see docs/simulator.md, "Capacity"):
 *
 * - `capacity.maxConcurrent: N`: at most N requests are served at once; the others wait in
 *   FIFO order before anything is sent, so the wait adds to their TTFT, as on an inference
 *   server whose batch is full.
 * - `decodeTokensPerSecond: T`: the decode budget is shared among the active requests (those
 *   holding a slot): each gap between two tokens is at least active / T seconds, so together
 *   they never exceed T tokens per second. A request counts from the moment it is admitted,
 *   as a sequence joins the batch, so a burst of new streams shares the budget at once.
 */

/** One admitted request: it holds a slot until `release()`. */
export interface Slot {
  /** How long the request waited in the queue, ms. */
  readonly queuedMs: number;
  /** The gap before the next token: at least `active / T` s. */
  gap(drawnMs: number, decodeTokensPerSecond: number | undefined): number;
  /** Frees the slot (safe to call twice) and admits the next waiter. */
  release(): void;
}

interface Waiter {
  admit: () => void;
}

/** The live load of one model: requests in service, streams decoding, the FIFO queue. */
export class ModelLoad {
  #serving = 0;
  readonly #queue: Waiter[] = [];
  #limit: number | undefined;

  get serving(): number {
    return this.#serving;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Waits for a slot (at once when fewer than `maxConcurrent` are served or there is no
   * limit). Resolves undefined when `signal` fires while waiting (the client left).
   */
  admit(maxConcurrent: number | undefined, signal: AbortSignal): Promise<Slot | undefined> {
    this.#limit = maxConcurrent;
    const queuedAt = performance.now();
    if (signal.aborted) return Promise.resolve(undefined);
    if (this.#hasRoom() && this.#queue.length === 0) {
      this.#serving += 1;
      return Promise.resolve(this.#slot(0));
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        admit: () => {
          signal.removeEventListener('abort', onAbort);
          this.#serving += 1;
          resolve(this.#slot(performance.now() - queuedAt));
        },
      };
      const onAbort = (): void => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        resolve(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  #hasRoom(): boolean {
    return this.#limit === undefined || this.#serving < this.#limit;
  }

  #slot(queuedMs: number): Slot {
    let released = false;
    return {
      queuedMs,
      gap: (drawnMs, tokensPerSecond) => {
        if (tokensPerSecond === undefined || tokensPerSecond <= 0) return drawnMs;
        return Math.max(drawnMs, (this.#serving * 1000) / tokensPerSecond);
      },
      release: () => {
        if (released) return;
        released = true;
        this.#serving -= 1;
        while (this.#queue.length > 0 && this.#hasRoom()) this.#queue.shift()?.admit();
      },
    };
  }
}
