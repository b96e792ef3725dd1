import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

/**
 * Counts a real prompt's tokens with gpt-tokenizer's o200k_base encoding (GPT-4o/4.1/5).
 * Other providers' tokenizers differ, so the count is an estimate for them; the chat
 * framing around a message (a few tokens) is not counted.
 */
export const TOKENIZER = 'o200k_base';

export async function countPromptFile(file: string, cwd: string): Promise<number> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--prompt-file: cannot read ${path} (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}); give a text file holding a typical prompt`,
    );
  }
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  return countTokens(text);
}
