/**
 * Gateways: base URL, headers and keys, flag > env > file > default. `--base-url` and the
 * environment only set the `default` gateway (the one models without `gateway` use); named
 * gateways keep what the config file gives them.
 */
import { UsageError } from '../core/errors.js';
import { ApiKey } from '../core/keys.js';
import { checkBaseUrl, endsAtV1 } from './base-url.js';
import { configError } from './config-error.js';
import { envValue, firstEnv, type Env } from '../core/env.js';
import { DEFAULT_SOURCE, type Recorder } from './recorder.js';
import type { GatewayConfig } from './schema.js';
import type { GatewaySettings, SettingSource } from './types.js';

export const DEFAULT_GATEWAY = 'default';
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function resolveGateways(input: {
  baseUrlFlag: string | undefined;
  apiKeyEnvFlag: string | undefined;
  env: Env;
  config: Record<string, GatewayConfig> | undefined;
  configFile: string | undefined;
  rec: Recorder;
}): Record<string, GatewaySettings> {
  const { env, rec } = input;
  const configured = input.config ?? {};
  const names = [DEFAULT_GATEWAY, ...Object.keys(configured).filter((n) => n !== DEFAULT_GATEWAY)];
  const gateways: Record<string, GatewaySettings> = {};
  for (const name of names) {
    const cfg = configured[name] ?? {};
    const gateway: GatewaySettings = { name, headers: {}, keys: [] };
    const isDefault = name === DEFAULT_GATEWAY;

    const base = isDefault ? defaultBaseUrl(input.baseUrlFlag, env) : undefined;
    if (base !== undefined) {
      gateway.baseUrl = base.url;
      rec.set(`gateways.${name}.baseUrl`, base.source);
    } else if (cfg.baseUrl !== undefined) {
      const checked = checkBaseUrl(cfg.baseUrl);
      const path = ['gateways', name, 'baseUrl'];
      if (!checked.ok) throw configError(input.configFile ?? '', path, checked.problem);
      gateway.baseUrl = checked.url;
      rec.set(`gateways.${name}.baseUrl`, rec.file(path));
    } else {
      rec.set(`gateways.${name}.baseUrl`, DEFAULT_SOURCE);
    }
    if (gateway.baseUrl !== undefined && !endsAtV1(gateway.baseUrl)) {
      rec.note(
        `gateway '${name}': base URL ${gateway.baseUrl} does not end at /v1; requests go to ${gateway.baseUrl}/chat/completions`,
      );
    }

    for (const [header, value] of Object.entries(cfg.headers ?? {})) {
      gateway.headers[header] = value;
      rec.set(
        `gateways.${name}.headers.${header}`,
        rec.file(['gateways', name, 'headers', header]),
      );
    }

    if (cfg.apiKeyEnv !== undefined && cfg.apiKeyCmd !== undefined) {
      throw configError(
        input.configFile ?? '',
        ['gateways', name, 'apiKeyCmd'],
        'give apiKeyEnv or apiKeyCmd, not both',
      );
    }
    const keys = isDefault
      ? defaultKeys(input.apiKeyEnvFlag, env, cfg, rec)
      : configuredKeys(name, env, cfg, rec);
    if (keys?.command !== undefined) gateway.apiKeyCmd = keys.command;
    if (keys !== undefined) {
      gateway.keys = keys.keys;
      if (keys.variable !== undefined) gateway.apiKeyEnv = keys.variable;
      if (keys.keys.length > 0) gateway.keySource = keys.keySource;
      rec.set(`gateways.${name}.keys`, keys.source);
    } else {
      rec.set(`gateways.${name}.keys`, DEFAULT_SOURCE);
    }
    gateways[name] = gateway;
  }
  return gateways;
}

function defaultBaseUrl(
  flag: string | undefined,
  env: Env,
): { url: string; source: SettingSource } | undefined {
  if (flag !== undefined) {
    return { url: checked(flag, '--base-url'), source: { kind: 'flag', detail: '--base-url' } };
  }
  const fromEnv = firstEnv(env, ['SHEPHERD_BASE_URL', 'OPENAI_BASE_URL']);
  if (fromEnv !== undefined) {
    return {
      url: checked(fromEnv.value, fromEnv.name),
      source: { kind: 'env', detail: fromEnv.name },
    };
  }
  return undefined;
}

function checked(text: string, what: string): string {
  const result = checkBaseUrl(text);
  if (result.ok) return result.url;
  const shown = /^\S*:\/\/[^@]*$/.test(text.trim()) ? ` '${text.trim()}'` : '';
  throw new UsageError(`${what}${shown}: ${result.problem}`);
}

interface ResolvedKeys {
  keys: ApiKey[];
  /** The variable the keys were read from (or that was named and is unset). */
  variable?: string;
  keySource: string;
  source: SettingSource;
  /** `apiKeyCmd`: the command the CLI runs for the key (keys stay empty until then). */
  command?: string;
}

/** Default gateway: --api-key-env > SHEPHERD_API_KEYS > SHEPHERD_API_KEY > OPENAI_API_KEY > config. */
function defaultKeys(
  flag: string | undefined,
  env: Env,
  configured: GatewayConfig,
  rec: Recorder,
): ResolvedKeys | undefined {
  if (flag !== undefined) {
    const name = flag.trim();
    if (!ENV_NAME_RE.test(name)) {
      throw new UsageError(
        '--api-key-env takes the name of an environment variable (e.g. MY_GATEWAY_KEY), never a key itself',
      );
    }
    const keys = keysFrom(env, name, `env ${name} (--api-key-env)`);
    if (keys.length === 0) {
      throw new UsageError(
        `--api-key-env names ${name}, but ${name} is not set; export ${name} or drop --api-key-env`,
      );
    }
    return {
      keys,
      variable: name,
      keySource: `env ${name} (--api-key-env)`,
      source: { kind: 'flag', detail: `--api-key-env ${name}` },
    };
  }
  for (const name of ['SHEPHERD_API_KEYS', 'SHEPHERD_API_KEY', 'OPENAI_API_KEY']) {
    const keys = keysFrom(env, name, `env ${name}`);
    if (keys.length > 0) {
      return {
        keys,
        variable: name,
        keySource: `env ${name}`,
        source: { kind: 'env', detail: name },
      };
    }
  }
  return configuredKeys(DEFAULT_GATEWAY, env, configured, rec);
}

/**
 * A gateway's `apiKeyEnv`: the variable it names (unset → keyless, with a note); or its
 * `apiKeyCmd`, run later by the CLI.
 */
function configuredKeys(
  gateway: string,
  env: Env,
  cfg: GatewayConfig,
  rec: Recorder,
): ResolvedKeys | undefined {
  if (cfg.apiKeyCmd !== undefined) {
    return {
      keys: [],
      command: cfg.apiKeyCmd,
      keySource: `command (config gateways.${gateway}.apiKeyCmd)`,
      source: rec.file(['gateways', gateway, 'apiKeyCmd']),
    };
  }
  const variable = cfg.apiKeyEnv;
  if (variable === undefined) return undefined;
  const keySource = `env ${variable} (config gateways.${gateway}.apiKeyEnv)`;
  const keys = keysFrom(env, variable, keySource);
  if (keys.length === 0) {
    rec.note(
      `gateway '${gateway}': ${variable} (gateways.${gateway}.apiKeyEnv) is not set; requests go without a key`,
    );
  }
  return {
    keys,
    variable,
    keySource,
    source: rec.file(['gateways', gateway, 'apiKeyEnv']),
  };
}

/**
 * The keys in variable `name`. A variable whose name ends in `_KEYS` (SHEPHERD_API_KEYS)
 * holds several comma-separated keys for rotation; any other holds one key.
 */
function keysFrom(env: Env, name: string, source: string): ApiKey[] {
  const value = envValue(env, name);
  if (value === undefined) return [];
  if (!name.endsWith('_KEYS')) return [new ApiKey(value, source)];
  const parts = value
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (parts.length === 0) {
    throw new UsageError(
      `${name} is set but holds no key (only commas or spaces); set it like key1,key2 or unset it`,
    );
  }
  return parts.map((k, i) => new ApiKey(k, parts.length > 1 ? `${source} #${i + 1}` : source));
}
