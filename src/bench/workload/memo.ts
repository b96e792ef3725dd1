/** A small bounded cache: the oldest entry goes when it is full (requests are built in order). */
export class Memo<K, V> {
  private readonly map = new Map<K, V>();
  private readonly limit: number;

  constructor(limit = 4096) {
    this.limit = limit;
  }

  get(key: K, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (this.map.size >= this.limit) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
    return value;
  }
}
