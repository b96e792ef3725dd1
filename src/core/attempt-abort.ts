import { EventEmitter } from 'node:events';

/**
 * The abort switch of one attempt, handed to undici as the request's `signal`. undici takes
 * an EventEmitter as well as an AbortSignal (it listens with `once('abort')` and reads
 * `aborted`); on Node 20 an AbortController and its EventTarget listeners cost several µs
 * per request, a measurable share of a bench run, while this costs next to nothing. The
 * effect is the same: `abort()` makes undici fail the request (before or after headers) with
 * its RequestAbortedError, synchronously, at most once.
 */
export class AttemptAbort extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}
