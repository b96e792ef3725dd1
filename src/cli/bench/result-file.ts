import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseBenchResult, type BenchResult } from '../../bench/index.js';
import { UsageError } from '../../core/errors.js';

/**
 * Reads a `shepherd.bench/v1` file. `flag` (`--baseline`) is named in errors, so the user
 * sees which option pointed at the bad file.
 */
export function readResult(
  file: string,
  cwd: string,
  flag?: string,
): { file: string; doc: BenchResult } {
  const name = flag ? `${flag} ${file}` : file;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(
      `${name}: cannot read it (${code}); pass a result written by shepherd bench --out`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${name}: not JSON; pass a result written by shepherd bench --out`);
  }
  return { file, doc: parseBenchResult(json, name) };
}
