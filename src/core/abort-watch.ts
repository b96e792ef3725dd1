import { LinkedList, type Linked } from './linked-list.js';

/**
 * Many attempts watching one signal (a bench run's stop, a chain's Ctrl-C) through one
 * listener: each attempt links itself into the signal's list and unlinks when it ends. On
 * Node 20 an EventTarget listener added and removed per request costs several µs, and a Set
 * of watchers kept requests alive (linked-list.ts). When the signal aborts, every watcher
 * still linked is told once.
 */

/** Whoever watches: told once when the signal aborts (no closure per watch). */
export interface AbortWatcher {
  aborted(): void;
}

export interface AbortWatch extends Linked<AbortWatch> {
  readonly watcher: AbortWatcher;
}

const lists = new WeakMap<AbortSignal, LinkedList<AbortWatch>>();

/** Tells `watcher` once if `signal` aborts before `unwatchAbort` is called on what this returns. */
export function watchAbort(signal: AbortSignal, watcher: AbortWatcher): AbortWatch {
  let list = lists.get(signal);
  if (!list) {
    const fresh = new LinkedList<AbortWatch>();
    lists.set(signal, fresh);
    signal.addEventListener(
      'abort',
      () => {
        lists.delete(signal);
        for (const w of fresh.toArray()) {
          fresh.remove(w);
          w.watcher.aborted();
        }
      },
      { once: true },
    );
    list = fresh;
  }
  const w: AbortWatch = { watcher, prev: undefined, next: undefined, list: undefined };
  list.add(w);
  return w;
}

export function unwatchAbort(w: AbortWatch | undefined): void {
  // Still linked: in its signal's list (once the signal aborted, in none).
  (w?.list as LinkedList<AbortWatch> | undefined)?.remove(w as AbortWatch);
}
