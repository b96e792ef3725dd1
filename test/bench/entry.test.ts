import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

// Every import and re-export, `import type` included, and dynamic import().
const IMPORT = /(?:from\s+|import\s*\(\s*)['"](\.[^'"]+)['"]/g;

describe('the bench engine entry', () => {
  it('is the only way into src/bench from outside it (src/bench/index.ts)', () => {
    const entry = join(SRC, 'bench/index.ts');
    const offenders: string[] = [];
    let throughEntry = 0;
    for (const file of files(SRC)) {
      if (file.startsWith(join(SRC, 'bench') + '/')) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = resolve(dirname(file), m[1] as string).replace(/\.js$/, '.ts');
        if (!target.startsWith(join(SRC, 'bench') + '/')) continue;
        if (target === entry) throughEntry += 1;
        else offenders.push(`${relative(SRC, file)} → ${m[1]}`);
      }
    }
    expect(throughEntry).toBeGreaterThan(0); // the check sees real imports
    expect(offenders).toEqual([]);
  });
});
