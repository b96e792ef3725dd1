import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm ci` (what CI runs) refuses a lock file that lacks an entry for any optional
// dependency, even one for another platform. A registry that is missing some platform
// builds of a release makes `npm install` write such a lock without a word, so check it here.
interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(
  readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'),
) as {
  packages: Record<string, LockEntry>;
};

/** Node's lookup: `P/node_modules/D`, then each ancestor's `node_modules/D`. */
function resolves(from: string, dep: string): boolean {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${dep}` : `${dir}/node_modules/${dep}`;
    if (lock.packages[candidate]) return true;
    if (dir === '') return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  it('has an entry for every optional dependency, so npm ci accepts it', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages))
      for (const dep of Object.keys(entry.optionalDependencies ?? {}))
        if (!resolves(path, dep)) missing.push(`${path || '(root)'} -> ${dep}`);
    expect(missing).toEqual([]);
  });
});
