/**
 * A list whose entries carry their own links: adding and removing are O(1) and allocate
 * nothing. For sets that churn through one short-lived entry per request (requests in flight,
 * watchers of a signal): a long-lived Set churning like that kept each request's whole object
 * graph alive past young-generation collections (bench/cpu-per-request.sh: a run promoted
 * 2.6 KB a request to the old generation, a third of the client's CPU spent collecting it).
 */
export interface Linked<T> {
  prev: T | undefined;
  next: T | undefined;
  /** The list it is in (compared by identity), or undefined. */
  list: object | undefined;
}

export class LinkedList<T extends Linked<T>> {
  head: T | undefined;
  size = 0;

  add(x: T): void {
    if (x.list) return;
    x.list = this;
    x.prev = undefined;
    x.next = this.head;
    if (this.head) this.head.prev = x;
    this.head = x;
    this.size += 1;
  }

  remove(x: T): void {
    if (x.list !== this) return;
    if (x.prev) x.prev.next = x.next;
    else this.head = x.next;
    if (x.next) x.next.prev = x.prev;
    x.list = x.prev = x.next = undefined;
    this.size -= 1;
  }

  /** The entries now, newest first (a copy: safe to remove while going through it). */
  toArray(): T[] {
    const out: T[] = [];
    for (let x = this.head; x; x = x.next) out.push(x);
    return out;
  }
}
