import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineList, type Deadline, type DeadlineOwner } from '../../src/core/deadlines.js';
import { LinkedList, type Linked } from '../../src/core/linked-list.js';
import { unwatchAbort, watchAbort } from '../../src/core/abort-watch.js';

/** The shared deadline lists on a virtual clock: timers are faked, `now` is read from `t`. */
let t = 0;
afterEach(() => {
  vi.useRealTimers();
  t = 0;
});

function setup() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const list = new DeadlineList(() => t);
  const fired: string[] = [];
  const owner = (name: string): DeadlineOwner => ({
    deadlineDue: (kind, now) => fired.push(`${name}:${kind}@${now}`),
  });
  const entry = (name: string, due: number, kind = 0): Deadline => {
    const d: Deadline = {
      due,
      owner: owner(name),
      kind,
      list: undefined,
      prev: undefined,
      next: undefined,
    };
    list.insert(d);
    return d;
  };
  // The clock and the timers move together, a millisecond at a time.
  const advance = async (ms: number): Promise<void> => {
    for (let i = 0; i < ms; i++) {
      t += 1;
      await vi.advanceTimersByTimeAsync(1);
    }
  };
  return { list, fired, entry, advance };
}

describe('deadline lists: one timer for every attempt of one duration', () => {
  it('fires entries in due order, each once, at its time and not before', async () => {
    const { fired, entry, advance } = setup();
    entry('a', 100);
    entry('b', 150);
    entry('c', 120); // out of order: walks back from the tail
    await advance(99);
    expect(fired).toEqual([]);
    await advance(1);
    expect(fired).toEqual(['a:0@100']);
    await advance(50);
    expect(fired).toEqual(['a:0@100', 'c:0@120', 'b:0@150']);
  });

  it('a cancelled entry never fires, and the timer re-arms for the next', async () => {
    const { list, fired, entry, advance } = setup();
    const a = entry('a', 100);
    entry('b', 200);
    list.remove(a);
    await advance(150);
    expect(fired).toEqual([]);
    await advance(50);
    expect(fired).toEqual(['b:0@200']);
    expect(list.head).toBeUndefined();
  });

  it('emptying the list keeps its one timer (no timer per request); inserting again reuses it', async () => {
    const { list, entry } = setup();
    const a = entry('a', 100);
    const timers = vi.getTimerCount();
    expect(timers).toBe(1);
    list.remove(a);
    // Still armed, unref’d (the process may exit): not cleared and set again per request.
    expect(vi.getTimerCount()).toBe(1);
    const b = entry('b', 300);
    expect(vi.getTimerCount()).toBe(1);
    list.remove(b);
  });
});

describe('linked lists for per-request churn', () => {
  interface Item extends Linked<Item> {
    n: number;
  }
  const item = (n: number): Item => ({ n, prev: undefined, next: undefined, list: undefined });

  it('adds, removes from the middle and ends, counts, and ignores strangers', () => {
    const l = new LinkedList<Item>();
    const [a, b, c] = [item(1), item(2), item(3)];
    l.add(a);
    l.add(b);
    l.add(c);
    l.add(b); // already in: no change
    expect(l.size).toBe(3);
    l.remove(b);
    expect(l.toArray().map((x) => x.n)).toEqual([3, 1]);
    l.remove(item(9)); // not in this list
    l.remove(c);
    l.remove(a);
    expect(l.size).toBe(0);
    expect(l.head).toBeUndefined();
    expect(a.list).toBeUndefined();
  });

  it('abort watchers: each still watching is told once; an unwatched one is not', () => {
    const ac = new AbortController();
    const told: string[] = [];
    const w1 = watchAbort(ac.signal, { aborted: () => told.push('one') });
    watchAbort(ac.signal, { aborted: () => told.push('two') });
    unwatchAbort(w1);
    ac.abort();
    ac.abort();
    expect(told).toEqual(['two']);
  });
});
