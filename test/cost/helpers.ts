import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../src/config/load.js';
import type { Settings } from '../../src/config/types.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'shepherd-cost-'));
}

/** Settings from the built-in catalogue alone (no config file: an empty cwd and home). */
export function catalogueSettings(): Settings {
  const dir = tempDir();
  return loadSettings({ flags: {}, env: { HOME: dir }, cwd: dir });
}
