import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/architecture.md is a map: every file and folder it names must exist, and every folder
// of src/ must be on it.
const ROOT = join(import.meta.dirname, '../..');
const DOC = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');

/** `src/...` and `bin/...` paths, without a placeholder (`<cmd>`) or trailing punctuation. */
const named = [
  ...new Set([...DOC.matchAll(/\b(?:src|bin)\/[\w./<>-]*/g)].map((m) => m[0].replace(/\.$/, ''))),
].filter((p) => !p.includes('<'));

describe('docs/architecture.md', () => {
  it('names only files and folders that exist', () => {
    expect(named.length).toBeGreaterThan(30); // the check reads real paths
    expect(named.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('names every folder of src/', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `src/${e.name}/`);
    expect(folders.filter((f) => !named.includes(f))).toEqual([]);
  });

  it('names every command folder of src/cli/', () => {
    const commands = readdirSync(join(ROOT, 'src/cli'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `src/cli/${e.name}/`);
    expect(commands.length).toBeGreaterThanOrEqual(7);
    expect(commands.filter((c) => !named.some((p) => p.startsWith(c)))).toEqual([]);
  });
});
