import type { Tokenizer } from '../../core/tokenizer.js';
import { Corpus } from './corpus.js';

/** Adjustment rounds before another corpus position is tried (decoded ids re-encode ±1 or 2 at the seams). */
const ROUNDS = 6;
const STARTS = 12;

/**
 * Builds texts of an exact o200k token count. Token ids decoded and encoded again may merge
 * or split at the seams, so each text is counted and its last piece lengthened or shortened
 * until the count is exact (and another corpus position is tried if that oscillates).
 */
export class ExactText {
  readonly tok: Tokenizer;
  readonly corpus: Corpus;

  constructor(tok: Tokenizer, corpus: Corpus) {
    this.tok = tok;
    this.corpus = corpus;
  }

  /** `head` (when it fits) then corpus text from word start `start`: exactly `n` tokens. */
  text(n: number, head: string, start: number): string {
    const prefix = head !== '' && this.tok.count(head) < n ? head : '';
    return this.fit(prefix, n, (k, shift) => this.corpus.take(start + shift, k));
  }

  /**
   * `prefix` + decode(piece(k)) with k chosen so the whole text counts exactly `n` tokens.
   * `piece(k, shift)` gives the first k ids of the last piece; `shift` moves it to another
   * corpus position when lengths alone cannot hit n.
   */
  fit(prefix: string, n: number, piece: (k: number, shift: number) => number[]): string {
    const base = prefix === '' ? 0 : this.tok.count(prefix);
    for (let shift = 0; shift < STARTS; shift++) {
      let k = Math.max(0, n - base);
      for (let round = 0; round < ROUNDS; round++) {
        const text = prefix + this.tok.decode(piece(k, shift));
        const c = this.tok.count(text);
        if (c === n) return text;
        k = Math.max(0, k + n - c);
      }
    }
    throw new Error(`could not build a text of exactly ${n} tokens`);
  }
}
