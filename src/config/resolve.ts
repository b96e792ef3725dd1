/** From a name on the command line (or in a route) to the model settings to call. */
import { UsageError } from '../core/errors.js';
import type { ModelSettings, Settings } from './types.js';

/**
 * The model `name` refers to: a configured name, else an alias, else an id
 * (`openai/gpt-4.1`), else the last segment of an id (`gpt-4.1`), each in settings order.
 * Anything else is a passthrough model: sent to the `default` gateway as given, unpriced.
 */
export function resolveModel(settings: Settings, name: string): ModelSettings {
  const wanted = name.trim();
  const models = Object.values(settings.models);
  const found =
    settings.models[wanted] ??
    models.find((m) => m.aliases.includes(wanted)) ??
    models.find((m) => m.id === wanted) ??
    models.find((m) => lastSegment(m.id) === wanted);
  if (found !== undefined) return structuredClone(found);
  return { name: wanted, id: wanted, aliases: [], gateway: 'default', passthrough: true };
}

/** True when `name` resolves to a configured or catalogue model (not a passthrough). */
export function isKnownModel(settings: Settings, name: string): boolean {
  return resolveModel(settings, name).passthrough !== true;
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
