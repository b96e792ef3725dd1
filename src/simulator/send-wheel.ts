/**
 * The one scheduler behind every timed send of a simulator: first tokens, inter-token gaps,
 * non-streaming answers and fault delays. Waits sit in a min-heap by due time; a single
 * timer wakes the wheel for the earliest one, and that tick emits every wait that is due by
 * then (in due order), so a thousand streams cost one timer, not a thousand `setTimeout`s
 * and abort listeners. The tick then re-arms for the next earliest due time.
 *
 * Precision: Node's `setTimeout` counts whole milliseconds from a truncated clock. Measured
 * on Node 20 (idle, 120–200 timers of 5–8 ms each): a fractional delay fires between 0.87 ms
 * early and 0.75 ms late (median 0.32 ms early), `Math.ceil` of it between 0.12 and 1.28 ms
 * late (median 0.66), `Math.round` between 0.39 ms early and 0.64 ms late (median 0.15–0.23
 * late), `Math.round(delay − 0.25)` median 0.10 ms early, mean 0.07 ms early. The wheel arms
 * the last for its earliest due time, and a tick sends what is due within `earlyMs` (0.5 ms)
 * from now, never earlier; a tick that finds nothing that close (its timer fired early) polls
 * with `setImmediate` for the rest. Sends thus go out centred on their due time, from 0.5 ms
 * early to well under a millisecond late on an idle machine, so a client's figures match the
 * profile's. Polling ahead of every due time instead (a 1 ms spin: median 0.03 ms late) kept
 * the loop polling whenever waits fell due closer together than that (51 % of a core at 50
 * streams against 12 % without): not worth it, since the simulator records when it actually
 * sent, which is what accuracy is checked against.
 */

/** The clock and timers the wheel runs on (injected in tests). */
export interface WheelTimers {
  /** Monotonic ms (performance.now()). */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate(fn: () => void): unknown;
  clearImmediate(handle: unknown): void;
}

export const realTimers: WheelTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setImmediate: (fn) => setImmediate(fn),
  clearImmediate: (h) => clearImmediate(h as NodeJS.Immediate),
};

/** One scheduled wait. `fire` is cleared once it has run or was cancelled. */
export interface WheelEntry {
  readonly due: number;
  readonly seq: number;
  fire: ((ok: boolean) => void) | undefined;
}

/** How early a wait may be sent, ms (the timer's own resolution is a millisecond). */
export const EARLY_MS = 0.5;

/** The timer is armed this much before the due time, which centres sends on it (see above). */
const AIM_MS = 0.25;

export class SendWheel {
  readonly #timers: WheelTimers;
  readonly #earlyMs: number;
  readonly #heap: WheelEntry[] = [];
  #seq = 0;
  /** Waits scheduled and neither fired nor cancelled. */
  #live = 0;
  #timer: unknown;
  #immediate: unknown;
  /** When the armed timer (or poll) is meant to wake the wheel; Infinity when disarmed. */
  #armedFor = Infinity;
  #ticks = 0;
  /** The last tick found nothing due: its timer fired early (Node's clock is in whole ms). */
  #early = false;

  constructor(timers: WheelTimers = realTimers, earlyMs = EARLY_MS) {
    this.#timers = timers;
    this.#earlyMs = earlyMs;
  }

  /** Waits not yet fired nor cancelled. */
  get pending(): number {
    return this.#live;
  }

  /** Ticks run so far (a tick that emits many waits counts once). */
  get ticks(): number {
    return this.#ticks;
  }

  /** Calls `fire(true)` in the first tick at or after `due` (a `now()` time). */
  at(due: number, fire: (ok: boolean) => void): WheelEntry {
    const entry: WheelEntry = { due, seq: this.#seq++, fire };
    this.#push(entry);
    this.#live += 1;
    if (due < this.#armedFor) this.#arm();
    return entry;
  }

  /** Calls `fire(false)` at once (if it has not fired yet) and forgets the wait. */
  cancel(entry: WheelEntry): void {
    const fire = entry.fire;
    if (!fire) return;
    entry.fire = undefined;
    this.#live -= 1;
    if (this.#live === 0) this.#clear();
    fire(false);
  }

  /** Emits every wait that is due (within earlyMs), in due order, then re-arms for the earliest left. */
  #tick = (): void => {
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#armedFor = Infinity;
    this.#ticks += 1;
    const heap = this.#heap;
    const early = this.#earlyMs;
    let now = this.#timers.now();
    let emitted = 0;
    while (heap.length > 0 && (heap[0] as WheelEntry).due - early <= now) {
      const entry = this.#pop();
      const fire = entry.fire;
      if (!fire) continue; // cancelled
      entry.fire = undefined;
      this.#live -= 1;
      fire(true);
      // A long tick: what fell due meanwhile goes out in this tick too.
      if (++emitted % 32 === 0) now = this.#timers.now();
    }
    this.#early = emitted === 0;
    if (this.#live === 0) this.#clear();
    else this.#arm();
  };

  /** Arms one timer (or poll) for the earliest live wait, replacing any armed one. */
  #arm(): void {
    while (this.#heap.length > 0 && !(this.#heap[0] as WheelEntry).fire) this.#pop();
    const first = this.#heap[0];
    this.#disarm();
    if (!first) return;
    this.#armedFor = first.due;
    const delay = first.due - this.#timers.now();
    // Due (within earlyMs), or close after a timer that fired early: poll; else one timer.
    const poll = delay <= this.#earlyMs || (this.#early && delay < 1);
    if (poll) this.#immediate = this.#timers.setImmediate(this.#tick);
    else this.#timer = this.#timers.setTimeout(this.#tick, Math.max(1, Math.round(delay - AIM_MS)));
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    if (this.#immediate !== undefined) this.#timers.clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#armedFor = Infinity;
  }

  /** Nothing live: drop the cancelled waits and the timer, so an idle simulator holds none. */
  #clear(): void {
    this.#heap.length = 0;
    this.#disarm();
  }

  #push(entry: WheelEntry): void {
    const heap = this.#heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as WheelEntry;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): WheelEntry {
    const heap = this.#heap;
    const top = heap[0] as WheelEntry;
    const last = heap.pop() as WheelEntry;
    const n = heap.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r] as WheelEntry, heap[l] as WheelEntry) ? r : l;
      const child = heap[c] as WheelEntry;
      if (!before(child, last)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}

/** Due order; equal due times in the order they were scheduled. */
function before(a: WheelEntry, b: WheelEntry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
