import { resolveModel } from '../config/resolve.js';
import type { ModelSettings, Settings } from '../config/types.js';
import { UsageError } from '../core/errors.js';

/**
 * The models to probe: those named (aliases resolve; `a,b` works as well as `a b`), else
 * every model of every configured route, in route order, each once.
 */
export function healthTargets(settings: Settings, args: readonly string[]): ModelSettings[] {
  const named = args
    .flatMap((a) => a.split(','))
    .map((a) => a.trim())
    .filter(Boolean);
  if (args.length > 0 && named.length === 0) {
    throw new UsageError(
      'health: the model names given are empty; name models (shepherd health gpt-4.1) or give none to probe every routed model',
    );
  }
  const names = named.length > 0 ? named : Object.values(settings.routes).flat();
  const out: ModelSettings[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const model = resolveModel(settings, name);
    if (seen.has(model.name)) continue;
    seen.add(model.name);
    out.push(model);
  }
  if (out.length === 0) {
    throw new UsageError(
      'no models to probe: name some (shepherd health gpt-4.1) or configure routes in the config file',
    );
  }
  return out;
}
