import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomicSync } from '../core/atomic-file.js';
import { UsageError } from '../core/errors.js';

/**
 * Output-file flags (`--out`, `--junit`): checked before a run starts, so a long bench or a
 * round of billed probes is never spent on a path that cannot be written.
 */

/** A file path that is not blank and not a directory, resolved against `cwd`. */
export function outputPath(text: string, flag: string, cwd: string): string {
  if (text.trim() === '') {
    throw new UsageError(`${flag}: no file given; give a path such as results.json`);
  }
  const file = resolve(cwd, text);
  let isDirectory = false;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch {
    // Not there yet: it will be created (with its parent directories).
  }
  if (isDirectory) {
    throw new UsageError(`${flag}: ${file} is a directory; give a file path inside it`);
  }
  return file;
}

/** Writes an output file, creating its parent directories; a failure is one usage-error line. */
export function writeOutputFile(file: string, text: string, flag: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Whole or not at all for a regular file; written through to a device, FIFO or /dev/fd/N.
    writeFileAtomicSync(file, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`${flag}: cannot write ${file} (${code}); pick a writable path`);
  }
}
