/**
 * The one scheduler behind every timed send of a simulator: first tokens, inter-token gaps,
 * non-streaming answers and fault delays. Waits sit in a min-heap by due time; a single
 * timer wakes the wheel for the earliest one, and that tick emits every wait that is due by
 * then (in due order), so a thousand streams cost one timer, not a thousand `setTimeout`s
 * and abort listeners. The tick then re-arms for the next earliest due time.
 *
 * Precision: Node's `setTimeout` counts in whole milliseconds of a truncated clock, so it can
 * fire up to a millisecond early. A wait is never emitted before its due time (checked
 * against `now()`): a tick that finds nothing due (its timer fired early) polls with
 * `setImmediate` for the rest, under a millisecond. Sends then go out 0–1 ms after their due
 * time (median ≈ 0.7 ms idle). `spinMs` > 0 polls that long before every due time instead,
 * which brings the median to ≈ 0.03 ms but keeps the loop polling whenever waits fall due
 * closer together than that (measured: 51 % of a core at 50 streams against 12 % without),
 * so it is off by default: the simulator records when it actually sent, which is what
 * accuracy is checked against, and its CPU is better left to the client under test.
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

/** Default lead of the poll before each due time, ms (0: poll only after an early timer). */
export const SPIN_MS = 0;

export class SendWheel {
  readonly #timers: WheelTimers;
  readonly #spinMs: number;
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

  constructor(timers: WheelTimers = realTimers, spinMs = SPIN_MS) {
    this.#timers = timers;
    this.#spinMs = spinMs;
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

  /** Emits every wait that is due, in due order, then re-arms for the earliest left. */
  #tick = (): void => {
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#armedFor = Infinity;
    this.#ticks += 1;
    const heap = this.#heap;
    let now = this.#timers.now();
    let emitted = 0;
    while (heap.length > 0 && (heap[0] as WheelEntry).due <= now) {
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
    const spin = this.#spinMs;
    const poll = spin > 0 ? delay <= spin : delay <= 0 || (this.#early && delay < 1);
    if (poll) this.#immediate = this.#timers.setImmediate(this.#tick);
    else {
      const ms = spin > 0 ? Math.floor(delay - spin) : Math.ceil(delay);
      this.#timer = this.#timers.setTimeout(this.#tick, ms);
    }
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
