/**
 * Deadlines for every attempt in the process, on as few timers as there are distinct
 * durations. An attempt's timeouts (whole attempt, first token, idle, finish grace) are
 * entries in one list per duration, kept in due order: entries made now for the same
 * duration are due last, so adding is an append and cancelling an unlink, both O(1), with
 * no timer object per attempt. Each list holds one timer, armed for its earliest entry and
 * left alone when that entry is cancelled: when it fires it runs what is due and re-arms for
 * the next. Times are real monotonic milliseconds (performance.now), as timers are.
 */

/** Whoever set a deadline: told which of its deadlines came, and when (no closure per deadline). */
export interface DeadlineOwner {
  deadlineDue(kind: number, now: number): void;
}

export interface Deadline {
  /** When it fires (ms, performance.now). */
  due: number;
  readonly owner: DeadlineOwner;
  /** The owner's name for this deadline. */
  readonly kind: number;
  /** Set while the entry waits in a list. */
  list: DeadlineList | undefined;
  prev: Deadline | undefined;
  next: Deadline | undefined;
}

export class DeadlineList {
  head: Deadline | undefined;
  tail: Deadline | undefined;
  #timer: NodeJS.Timeout | undefined;
  #armedFor = Infinity;
  /** The timer holds the process open (only while deadlines wait). */
  #held = false;
  readonly #now: () => number;

  /** Called when the timer fires and leaves the list empty (the shared map forgets it). */
  onIdle: (() => void) | undefined;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Puts `d` in due order (from the tail: a fresh deadline of this list's duration goes last). */
  insert(d: Deadline): void {
    let after = this.tail;
    while (after && after.due > d.due) after = after.prev;
    d.list = this;
    d.prev = after;
    d.next = after ? after.next : this.head;
    if (d.next) d.next.prev = d;
    else this.tail = d;
    if (after) after.next = d;
    else this.head = d;
    if (d.due < this.#armedFor) this.#arm(d.due);
    else if (!this.#held) {
      this.#timer?.ref();
      this.#held = true;
    }
  }

  remove(d: Deadline): void {
    if (d.list !== this) return;
    if (d.prev) d.prev.next = d.next;
    else this.head = d.next;
    if (d.next) d.next.prev = d.prev;
    else this.tail = d.prev;
    d.list = d.prev = d.next = undefined;
    // Empty: the timer stays armed but no longer holds the process open. Clearing it here
    // and setting a new one at the next insert cost a timer per request when the list
    // empties between requests (the finish grace of every stream).
    if (!this.head && this.#timer && this.#held) {
      this.#timer.unref();
      this.#held = false;
    }
  }

  #arm(due: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#armedFor = due;
    this.#held = true;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, Math.ceil(due - this.#now())));
  }

  #fire(): void {
    // A timer never fires before its time: the time it was armed for has come even when the
    // clock reads a hair earlier (or when tests fake the timers but not the clock).
    const now = Math.max(this.#now(), this.#armedFor);
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#held = false;
    let d = this.head;
    while (d && d.due <= now) {
      this.remove(d);
      d.owner.deadlineDue(d.kind, now);
      d = this.head;
    }
    if (this.head) {
      if (!this.#timer) this.#arm(this.head.due);
    } else this.onIdle?.();
  }
}

const lists = new Map<number, DeadlineList>();

/** Tells `owner` of deadline `kind` after `ms` (real time) unless cancelled with `cancelDeadline`. */
export function deadlineAfter(ms: number, owner: DeadlineOwner, kind: number): Deadline {
  const duration = Math.max(0, ms);
  return deadlineAt(duration, performance.now() + duration, owner, kind);
}

/**
 * The same at `due` (performance.now ms), kept in the list of deadlines `durationMs` long: an
 * idle timeout that found progress since it was set comes back for the rest of its time.
 */
export function deadlineAt(
  durationMs: number,
  due: number,
  owner: DeadlineOwner,
  kind: number,
): Deadline {
  let list = lists.get(durationMs);
  if (!list) {
    // Durations cut to fit a chain deadline are many and used once: a list that found
    // nothing left when its timer came is dropped, so the map holds only lists in use.
    const fresh = new DeadlineList();
    fresh.onIdle = () => {
      if (lists.get(durationMs) === fresh) lists.delete(durationMs);
    };
    lists.set(durationMs, (list = fresh));
  }
  const d: Deadline = { due, owner, kind, list: undefined, prev: undefined, next: undefined };
  list.insert(d);
  return d;
}

export function cancelDeadline(d: Deadline | undefined): void {
  d?.list?.remove(d);
}
