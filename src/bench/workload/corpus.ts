import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { Tokenizer } from '../../core/tokenizer.js';

/** The shipped corpus, from the package root. */
const CORPUS_FILE = 'fixtures/corpus/prose.txt';

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

  /**
   * Reads the corpus under the package root `root`. A missing or unreadable file is a broken
   * install, not a bug: a ConfigError (exit 2, as for the built-in catalogue) naming the file.
   */
  static async load(tok: Tokenizer, root: string): Promise<Corpus> {
    const file = join(root, CORPUS_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new ConfigError(
        `cannot read the shipped text corpus ${file} (${code}); this install of llm-shepherd is incomplete: reinstall llm-shepherd`,
        { file },
      );
    }
    return new Corpus(tok, text);
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
