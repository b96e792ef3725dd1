/**
 * `loadSettings`: everything a command works from, resolved flag > env > config file >
 * default, with the source of every setting. Synchronous on purpose: it reads at most two
 * small files (the config and the cached catalogue), and commands call it first thing.
 */
import { join } from 'node:path';
import { loadCatalogue } from './catalogue.js';
import { locateConfig, readConfig, searchedConfigPaths } from './config-file.js';
import { tryParseDuration } from './duration.js';
import { tryParseByteSize } from './byte-size.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../core/body-limit.js';
import { firstEnv, xdgDir, type Env } from '../core/env.js';
import { DEFAULT_GATEWAY, resolveGateways } from './gateways.js';
import { resolveModels } from './models.js';
import { stripCredentials } from '../core/proxy.js';
import { DEFAULT_SOURCE, Recorder } from './recorder.js';
import { isKnownModel } from './resolve.js';
import type { ConfigFile } from './schema.js';
import type { Settings } from './types.js';

/** The command-line values that take part in resolution (each undefined when not given). */
export interface LoadFlags {
  /** `--config <file>`. */
  config?: string | undefined;
  /** `--base-url <url>`. */
  baseUrl?: string | undefined;
  /** `--api-key-env <name>`. */
  apiKeyEnv?: string | undefined;
}

export interface LoadInput {
  flags: LoadFlags;
  env: Env;
  cwd: string;
}

/** The SPEC §1 defaults, in config-file form. */
export const DEFAULTS = {
  retry: { attempts: 2, baseDelay: '500ms', maxDelay: '8s', maxRetryAfter: '10s', hedge: 'off' },
  breaker: { failures: 3, cooldown: '5s', maxCooldown: '60s' },
  timeouts: { connect: '5s', firstToken: '10s', idle: '10s', attempt: '60s', deadline: '120s' },
  health: { maxLatency: '2s', alertAfter: 3, recoverAfter: 2, interval: '30s' },
} as const;

type BlockName = keyof typeof DEFAULTS;

/**
 * Resolves the settings. Throws ConfigError (exit 2) for a missing named config file, invalid
 * JSON (with line:column) or a schema violation (with the JSON path), and UsageError (exit 2)
 * for a bad --base-url / SHEPHERD_BASE_URL or an --api-key-env naming an unset variable.
 * A missing base URL is not an error here: `gateways.default.baseUrl` is then undefined.
 */
export function loadSettings(input: LoadInput): Settings {
  const { flags, env, cwd } = input;
  const location = locateConfig({ flag: flags.config, env, cwd });
  const loaded = location ? readConfig(location) : undefined;
  const data: ConfigFile = loaded?.data ?? {};
  const rec = new Recorder(loaded?.path);
  rec.set(
    'configFile',
    location?.source ?? {
      kind: 'default',
      detail: `searched ${searchedConfigPaths(env, cwd).join(', ')}`,
    },
  );
  const blocks = resolveBlocks(data, rec);
  const gateways = resolveGateways({
    baseUrlFlag: flags.baseUrl,
    apiKeyEnvFlag: flags.apiKeyEnv,
    env,
    config: data.gateways,
    configFile: loaded?.path,
    rec,
  });
  const catalogue = loadCatalogue();
  const models = resolveModels({
    catalogue,
    config: data.models,
    configFile: loaded?.path,
    gateways: Object.keys(gateways),
    rec,
  });
  const routes = resolveRoutes(catalogue, data, rec);
  const settings: Settings = {
    gateways,
    models,
    routes,
    ...blocks,
    catalogue: { source: catalogue.path, asOf: catalogue.version },
    sources: rec.sources,
    stateFile: '',
    usageLedger: '',
    notes: rec.notes,
  };
  if (loaded) settings.configFile = loaded.path;
  applyLimits(settings, data, rec);
  applyPaths(settings, env, rec);
  applyProxy(settings, env, rec);
  noteUnknownRouteModels(settings, rec);
  return settings;
}

/** `limits.maxResponseBody`: a size from the file, else the 16 MB default. */
function applyLimits(settings: Settings, data: ConfigFile, rec: Recorder): void {
  const maxBody = data.limits?.maxResponseBody;
  settings.limits = {
    maxResponseBytes:
      (maxBody === undefined ? undefined : tryParseByteSize(maxBody)) ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
  rec.set(
    'limits.maxResponseBody',
    maxBody !== undefined ? rec.file(['limits', 'maxResponseBody']) : DEFAULT_SOURCE,
  );
}

/** One block of durations and counts (retry, breaker, ...): the file's values over the defaults. */
function block<B extends BlockName>(
  name: B,
  data: ConfigFile,
  rec: Recorder,
): Record<keyof (typeof DEFAULTS)[B], number> {
  const defaults = DEFAULTS[name] as Record<string, string | number>;
  const given = (data[name] ?? {}) as Record<string, string | number | undefined>;
  const out: Record<string, number> = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    const value = given[key] ?? fallback;
    rec.set(`${name}.${key}`, given[key] !== undefined ? rec.file([name, key]) : DEFAULT_SOURCE);
    out[key] = typeof value === 'number' ? value : (tryParseDuration(value) ?? 0);
  }
  return out as Record<keyof (typeof DEFAULTS)[B], number>;
}

function resolveBlocks(
  data: ConfigFile,
  rec: Recorder,
): Pick<Settings, 'retry' | 'breaker' | 'timeouts' | 'health'> {
  const retry = block('retry', data, rec);
  const breaker = block('breaker', data, rec);
  const timeouts = block('timeouts', data, rec);
  const health = block('health', data, rec);
  return {
    retry: {
      attempts: retry.attempts,
      baseDelayMs: retry.baseDelay,
      maxDelayMs: retry.maxDelay,
      maxRetryAfterMs: retry.maxRetryAfter,
      // `off` (the default) parses to 0: no hedging.
      ...(retry.hedge > 0 ? { hedgeMs: retry.hedge } : {}),
    },
    breaker: {
      failures: breaker.failures,
      cooldownMs: breaker.cooldown,
      maxCooldownMs: breaker.maxCooldown,
    },
    timeouts: {
      connectMs: timeouts.connect,
      firstTokenMs: timeouts.firstToken,
      idleMs: timeouts.idle,
      attemptMs: timeouts.attempt,
      deadlineMs: timeouts.deadline,
    },
    health: {
      maxLatencyMs: health.maxLatency,
      alertAfter: health.alertAfter,
      recoverAfter: health.recoverAfter,
      intervalMs: health.interval,
    },
  };
}

/** The catalogue's routes, overridden by the config file's. */
function resolveRoutes(
  catalogue: ReturnType<typeof loadCatalogue>,
  data: ConfigFile,
  rec: Recorder,
): Record<string, string[]> {
  const routes: Record<string, string[]> = {};
  const fromCatalogue = {
    kind: 'catalogue',
    detail: `fixtures/models.json (${catalogue.version})`,
  } as const;
  for (const [name, chain] of Object.entries(catalogue.routes)) {
    routes[name] = chain;
    rec.set(`routes.${name}`, fromCatalogue);
  }
  for (const [name, chain] of Object.entries(data.routes ?? {})) {
    routes[name] = [...chain];
    rec.set(`routes.${name}`, rec.file(['routes', name]));
  }
  rec.set('catalogue.version', fromCatalogue);
  return routes;
}

/** The state file and usage ledger under the XDG directories. */
function applyPaths(settings: Settings, env: Env, rec: Recorder): void {
  const state = xdgDir(env, 'XDG_STATE_HOME', join('.local', 'state'));
  settings.stateFile = join(state.dir, 'shepherd', 'health.json');
  rec.set('stateFile', state.fromEnv ? { kind: 'env', detail: 'XDG_STATE_HOME' } : DEFAULT_SOURCE);
  const data = xdgDir(env, 'XDG_DATA_HOME', join('.local', 'share'));
  settings.usageLedger = join(data.dir, 'shepherd', 'usage.jsonl');
  rec.set('usageLedger', data.fromEnv ? { kind: 'env', detail: 'XDG_DATA_HOME' } : DEFAULT_SOURCE);
}

function applyProxy(settings: Settings, env: Env, rec: Recorder): void {
  // undici's EnvHttpProxyAgent reads the lower-case names first; https before http.
  const proxy = firstEnv(env, ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']);
  if (proxy !== undefined) {
    settings.proxy = stripCredentials(proxy.value);
    rec.set('proxy', { kind: 'env', detail: proxy.name });
  }
  const noProxy = firstEnv(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy !== undefined) {
    settings.noProxy = noProxy.value;
    rec.set('noProxy', { kind: 'env', detail: noProxy.name });
  }
}

function noteUnknownRouteModels(settings: Settings, rec: Recorder): void {
  for (const [route, chain] of Object.entries(settings.routes)) {
    for (const name of chain) {
      if (!isKnownModel(settings, name)) {
        rec.note(
          `route '${route}': '${name}' is not a configured model or alias; it is sent to the '${DEFAULT_GATEWAY}' gateway as given, unpriced`,
        );
      }
    }
  }
}
