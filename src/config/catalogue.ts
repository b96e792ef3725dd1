/**
 * The built-in model catalogue (`fixtures/models.json`): models, aliases, context windows,
 * list prices and the `default` route. Read and validated once per process, then cached;
 * callers get fresh copies so nothing can change the cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { packageRoot } from './package-root.js';
import type { ModelSettings } from './types.js';

/** The shape of fixtures/models.json (checked by hand: the catalogue loads on every run, zod does not). */
interface RawCatalogue {
  version: string;
  models: Record<
    string,
    {
      id: string;
      /** Other ids gateways know the model by (`claude-sonnet-4-5` for `anthropic/claude-sonnet-4.5`). */
      ids?: string[];
      aliases: string[];
      contextWindow?: number;
      price: { input: number; cachedInput?: number; output: number };
      source?: string;
      as_of?: string;
    }
  >;
  routes: Record<string, string[]>;
}

/** Validates the parsed catalogue; the first problem names its JSON path. */
export function checkCatalogue(
  raw: unknown,
): { ok: true; data: RawCatalogue } | { ok: false; at: string; expected: string } {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  const isMoney = (v: unknown): v is number =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const bad = (at: string, expected: string) => ({ ok: false as const, at, expected });
  if (!isObj(raw)) return bad('', 'an object');
  if (!isText(raw.version)) return bad('version', 'a non-empty string');
  if (!isObj(raw.models)) return bad('models', 'an object of models');
  for (const [name, m] of Object.entries(raw.models)) {
    const at = `models.${name}`;
    if (!isObj(m)) return bad(at, 'an object');
    if (!isText(m.id)) return bad(`${at}.id`, 'a non-empty string');
    if (m.ids !== undefined && (!Array.isArray(m.ids) || !m.ids.every(isText)))
      return bad(`${at}.ids`, 'an array of ids');
    if (m.aliases === undefined) m.aliases = [];
    if (!Array.isArray(m.aliases) || !m.aliases.every(isText))
      return bad(`${at}.aliases`, 'an array of names');
    if (
      m.contextWindow !== undefined &&
      !(Number.isInteger(m.contextWindow) && (m.contextWindow as number) > 0)
    ) {
      return bad(`${at}.contextWindow`, 'a positive whole number');
    }
    const price = m.price;
    if (!isObj(price)) return bad(`${at}.price`, 'an object with input and output');
    for (const key of ['input', 'output'] as const) {
      if (!isMoney(price[key])) return bad(`${at}.price.${key}`, 'a non-negative number');
    }
    if (price.cachedInput !== undefined && !isMoney(price.cachedInput)) {
      return bad(`${at}.price.cachedInput`, 'a non-negative number');
    }
    for (const key of ['source', 'as_of', 'provider'] as const) {
      if (m[key] !== undefined && typeof m[key] !== 'string')
        return bad(`${at}.${key}`, 'a string');
    }
  }
  if (!isObj(raw.routes)) return bad('routes', 'an object of routes');
  for (const [name, chain] of Object.entries(raw.routes)) {
    if (!Array.isArray(chain) || chain.length === 0 || !chain.every(isText)) {
      return bad(`routes.${name}`, 'a non-empty array of model names');
    }
  }
  return { ok: true, data: raw as unknown as RawCatalogue };
}

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
  const parsed = checkCatalogue(raw);
  if (!parsed.ok) {
    throw new ConfigError(
      `the built-in catalogue ${path} is invalid at ${parsed.at}: expected ${parsed.expected}; reinstall llm-shepherd`,
      { file: path, jsonPath: parsed.at },
    );
  }
  const models: Record<string, ModelSettings> = {};
  for (const [name, m] of Object.entries(parsed.data.models)) {
    // `ids` present = the id may be matched against what a gateway lists (SPEC §1).
    const model: ModelSettings = {
      name,
      id: m.id,
      ids: [...(m.ids ?? [])],
      aliases: [...m.aliases],
      gateway: 'default',
    };
    if (m.contextWindow !== undefined) model.contextWindow = m.contextWindow;
    model.price = { input: m.price.input, output: m.price.output };
    if (m.price.cachedInput !== undefined) model.price.cachedInput = m.price.cachedInput;
    model.price.source = m.source ?? `catalogue ${parsed.data.version}`;
    model.price.asOf = m.as_of ?? parsed.data.version;
    models[name] = model;
  }
  return { path, version: parsed.data.version, models, routes: parsed.data.routes };
}
