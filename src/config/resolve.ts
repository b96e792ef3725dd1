/** From a name on the command line (or in a route) to the model settings to call. */
import { UsageError } from '../core/errors.js';
import type { ModelSettings, Settings } from './types.js';

/**
 * The model `name` refers to: a configured name, else an alias, else an id
 * (`openai/gpt-4.1`), else the last segment of an id (`gpt-4.1`), each in settings order.
 * Anything else is a passthrough model: sent to the `default` gateway as given, unpriced.
 * A configured name is one lookup; the others go through an index of every model (built once
 * per synchronous run of calls), so resolving a route of thousands is linear, not quadratic.
 */
export function resolveModel(settings: Settings, name: string): ModelSettings {
  const wanted = name.trim();
  const found = settings.models[wanted] ?? indexFor(settings).find(wanted);
  if (found !== undefined) return structuredClone(found);
  return { name: wanted, id: wanted, aliases: [], gateway: 'default', passthrough: true };
}

/** True when `name` resolves to a configured or catalogue model (not a passthrough). */
export function isKnownModel(settings: Settings, name: string): boolean {
  const wanted = name.trim();
  return settings.models[wanted] !== undefined || indexFor(settings).find(wanted) !== undefined;
}

/**
 * The index of `settings.models`, shared by the calls of one synchronous run (a loop over a
 * route) and dropped at the next microtask: settings changed later are indexed afresh.
 */
const tickIndexes = new WeakMap<object, ModelIndex>();
function indexFor(settings: Settings): ModelIndex {
  let index = tickIndexes.get(settings.models);
  if (!index) {
    const models = settings.models;
    index = new ModelIndex(settings);
    tickIndexes.set(models, index);
    queueMicrotask(() => tickIndexes.delete(models));
  }
  return index;
}

/**
 * Aliases, ids and last id segments of every model, each mapped to the first model in
 * settings order that has it (the order resolveModel looks in). Built in one pass over the
 * models; a snapshot of the settings it was built from.
 */
class ModelIndex {
  readonly #byAlias = new Map<string, ModelSettings>();
  readonly #byId = new Map<string, ModelSettings>();
  readonly #bySegment = new Map<string, ModelSettings>();

  constructor(settings: Settings) {
    for (const m of Object.values(settings.models)) {
      for (const alias of m.aliases) if (!this.#byAlias.has(alias)) this.#byAlias.set(alias, m);
      if (!this.#byId.has(m.id)) this.#byId.set(m.id, m);
      const segment = lastSegment(m.id);
      if (!this.#bySegment.has(segment)) this.#bySegment.set(segment, m);
    }
  }

  /** An alias, else an id, else a last id segment (not configured names: look those up first). */
  find(name: string): ModelSettings | undefined {
    return this.#byAlias.get(name) ?? this.#byId.get(name) ?? this.#bySegment.get(name);
  }
}

/**
 * The fallback chain for a run: the `models` given (in order) win; else the named route;
 * else the `default` route. A model listed twice is tried once. An unknown route is a
 * UsageError listing the known ones.
 */
export function resolveChain(
  settings: Settings,
  opts: { models?: readonly string[]; route?: string } = {},
): ModelSettings[] {
  const given = (opts.models ?? []).map((m) => m.trim()).filter((m) => m !== '');
  let names: readonly string[];
  if (given.length > 0) {
    names = given;
  } else {
    const route = opts.route ?? 'default';
    const listed = settings.routes[route];
    if (listed === undefined) {
      const known = Object.keys(settings.routes);
      throw new UsageError(
        known.length > 0
          ? `unknown route '${route}'; give one of the configured routes: ${known.join(', ')}`
          : `unknown route '${route}'; no routes are configured (add "routes" to the config file)`,
      );
    }
    names = listed;
  }
  const chain: ModelSettings[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const model = resolveModel(settings, name);
    const key = `${model.gateway}\u0000${model.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    chain.push(model);
  }
  return chain;
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}
