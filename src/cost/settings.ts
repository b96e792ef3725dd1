import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GlobalOptions } from '../cli/context.js';
import type { Io } from '../cli/io.js';
import type { ModelSettings, Settings } from '../config/types.js';

/**
 * The one place `shepherd cost` gets its Settings from. Until `loadSettings` (src/config/load.ts)
 * lands, this builds them from the built-in catalogue alone; point `loadCostSettings` at
 * loadSettings then (config overrides of prices come with it).
 */
export async function loadCostSettings(globals: GlobalOptions, io: Io): Promise<Settings> {
  void globals;
  const url = new URL('../../fixtures/models.json', import.meta.url);
  const catalogue = JSON.parse(await readFile(url, 'utf8')) as Catalogue;
  return settingsFromCatalogue(catalogue, io.env);
}

/** The shape of fixtures/models.json. */
export interface Catalogue {
  version: string;
  models: Record<
    string,
    {
      id?: string;
      aliases?: string[];
      contextWindow?: number;
      price?: { input: number; cachedInput?: number; output: number };
      source?: string;
      as_of?: string;
    }
  >;
  routes?: Record<string, string[]>;
}

/** Settings with the catalogue's models, prices and routes and default everything else. */
export function settingsFromCatalogue(
  catalogue: Catalogue,
  env: Record<string, string | undefined> = {},
): Settings {
  const models: Record<string, ModelSettings> = {};
  for (const [name, m] of Object.entries(catalogue.models)) {
    const model: ModelSettings = {
      name,
      id: m.id ?? name,
      aliases: m.aliases ?? [],
      gateway: 'default',
    };
    if (m.contextWindow !== undefined) model.contextWindow = m.contextWindow;
    if (m.price) {
      model.price = { ...m.price };
      if (m.source !== undefined) model.price.source = m.source;
      if (m.as_of !== undefined) model.price.asOf = m.as_of;
    }
    models[name] = model;
  }
  const home = env.HOME ?? '/';
  return {
    gateways: { default: { name: 'default', headers: {}, keys: [] } },
    models,
    routes: catalogue.routes ?? {},
    retry: { attempts: 2, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 10_000 },
    breaker: { failures: 3, cooldownMs: 30_000 },
    timeouts: {
      connectMs: 5000,
      firstTokenMs: 15_000,
      idleMs: 10_000,
      attemptMs: 60_000,
      deadlineMs: 120_000,
    },
    health: { maxLatencyMs: 2000, alertAfter: 3, recoverAfter: 2, intervalMs: 30_000 },
    catalogue: { source: 'fixtures/models.json', asOf: catalogue.version },
    sources: {},
    stateFile: join(env.XDG_STATE_HOME || join(home, '.local/state'), 'shepherd/health.json'),
    usageLedger: join(env.XDG_DATA_HOME || join(home, '.local/share'), 'shepherd/usage.jsonl'),
  };
}
