/**
 * A model's prefix cache, as vLLM's automatic prefix caching keeps it: the prompt's tokens in
 * blocks of 16, each block keyed by a hash chained over everything before it, so a block hits
 * only when the whole prefix up to it was seen before. Least recently used blocks go first.
 */
export const CACHE_BLOCK_TOKENS = 16;
const CAPACITY_BLOCKS = 200_000;

export class PrefixCache {
  private readonly blocks = new Map<number, true>();

  /**
   * Looks `seq` up and stores its full blocks. Returns how many leading entries of `seq` were
   * cached (whole blocks only).
   */
  lookupAndStore(seq: readonly number[]): number {
    let h1 = 0x811c9dc5;
    let h2 = 0x9e3779b9;
    let hit = 0;
    let missed = false;
    const full = seq.length - (seq.length % CACHE_BLOCK_TOKENS);
    for (let i = 0; i < full; i += CACHE_BLOCK_TOKENS) {
      for (let j = i; j < i + CACHE_BLOCK_TOKENS; j++) {
        const v = (seq[j] as number) | 0;
        h1 = Math.imul(h1 ^ v, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ (v + 0x6d2b79f5), 0x85ebca6b) >>> 0;
        h2 ^= h2 >>> 13;
      }
      const key = h1 * 2 ** 21 + (h2 >>> 11);
      if (!missed && this.blocks.has(key)) {
        hit += CACHE_BLOCK_TOKENS;
        this.blocks.delete(key);
      } else missed = true;
      this.blocks.set(key, true);
    }
    while (this.blocks.size > CAPACITY_BLOCKS) {
      const oldest = this.blocks.keys().next();
      if (oldest.done) break;
      this.blocks.delete(oldest.value);
    }
    return hit;
  }
}
