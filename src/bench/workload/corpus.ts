import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tokenizer } from '../../core/tokenizer.js';

/**
 * The shipped text corpus (`fixtures/corpus/prose.txt`, plain prose written for shepherd) as
 * o200k token ids, read as an endless loop, with the positions where a word starts so a
 * prompt never begins mid-word.
 */
export class Corpus {
  readonly ids: readonly number[];
  readonly wordStarts: readonly number[];

  constructor(tok: Tokenizer, text: string) {
    const flat = text.replace(/\s*\n\s*/g, ' ').trim();
    this.ids = tok.encode(` ${flat}`);
    const starts: number[] = [];
    this.ids.forEach((id, i) => {
      if (tok.decode([id]).startsWith(' ')) starts.push(i);
    });
    this.wordStarts = starts.length > 0 ? starts : [0];
  }

  static async load(tok: Tokenizer, root: string): Promise<Corpus> {
    return new Corpus(tok, await readFile(join(root, 'fixtures/corpus/prose.txt'), 'utf8'));
  }

  /** `count` ids from word start number `start` (any integer), wrapping around the corpus. */
  take(start: number, count: number): number[] {
    const n = this.ids.length;
    const ws = this.wordStarts;
    let at = ws[((start % ws.length) + ws.length) % ws.length] as number;
    const out: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      out[i] = this.ids[at] as number;
      at = at + 1 === n ? 0 : at + 1;
    }
    return out;
  }
}
