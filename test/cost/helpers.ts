import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../src/config/types.js';
import { settingsFromCatalogue, type Catalogue } from '../../src/cost/settings.js';

/** Settings built from the real built-in catalogue (fixtures/models.json). */
export function catalogueSettings(env: Record<string, string | undefined> = {}): Settings {
  const url = new URL('../../fixtures/models.json', import.meta.url);
  return settingsFromCatalogue(JSON.parse(readFileSync(url, 'utf8')) as Catalogue, env);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'shepherd-cost-'));
}
