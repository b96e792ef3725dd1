/**
 * The built-in model catalogue (`fixtures/models.json`): models, aliases, context windows,
 * list prices and the `default` route. Read and validated once per process, then cached;
 * callers get fresh copies so nothing can change the cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { packageRoot } from './package-root.js';
import type { ModelSettings } from './types.js';

const catalogueSchema = z.object({
  version: z.string().min(1),
  models: z.record(
    z.string().min(1),
    z.object({
      id: z.string().min(1),
      provider: z.string().optional(),
      aliases: z.array(z.string().min(1)).default([]),
      contextWindow: z.int().positive().optional(),
      price: z.object({
        input: z.number().nonnegative(),
        cachedInput: z.number().nonnegative().optional(),
        output: z.number().nonnegative(),
      }),
      source: z.string().optional(),
      as_of: z.string().optional(),
    }),
  ),
  routes: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
});

export interface Catalogue {
  /** Absolute path of the catalogue file. */
  path: string;
  /** The price-table version (an ISO date, e.g. `2026-11-23`). */
  version: string;
  /** Models by name, in file order, all on the `default` gateway. */
  models: Record<string, ModelSettings>;
  routes: Record<string, string[]>;
}

let cached: Catalogue | undefined;

export function cataloguePath(): string {
  return join(packageRoot(), 'fixtures', 'models.json');
}

/** The built-in catalogue (a fresh copy each call; the file is read once). */
export function loadCatalogue(): Catalogue {
  cached ??= readCatalogue(cataloguePath());
  return structuredClone(cached);
}

function readCatalogue(path: string): Catalogue {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ConfigError(
      `cannot read the built-in catalogue ${path}: ${why}; reinstall llm-shepherd`,
      { file: path },
    );
  }
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.join('.') ?? '';
    throw new ConfigError(
      `the built-in catalogue ${path} is invalid at ${at}: ${issue?.message ?? 'unknown'}; reinstall llm-shepherd`,
      { file: path, jsonPath: at },
    );
  }
  const models: Record<string, ModelSettings> = {};
  for (const [name, m] of Object.entries(parsed.data.models)) {
    const model: ModelSettings = { name, id: m.id, aliases: [...m.aliases], gateway: 'default' };
    if (m.contextWindow !== undefined) model.contextWindow = m.contextWindow;
    model.price = { input: m.price.input, output: m.price.output };
    if (m.price.cachedInput !== undefined) model.price.cachedInput = m.price.cachedInput;
    model.price.source = m.source ?? `catalogue ${parsed.data.version}`;
    model.price.asOf = m.as_of ?? parsed.data.version;
    models[name] = model;
  }
  return { path, version: parsed.data.version, models, routes: parsed.data.routes };
}
