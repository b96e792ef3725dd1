/**
 * Models: the built-in catalogue merged with the config file's `models`. A configured field
 * replaces the catalogue's (a partial `price` merges onto the catalogue price); aliases set
 * in the config win over catalogue aliases, and may not clash with each other or with a
 * model name.
 */
import type { Catalogue } from './catalogue.js';
import { configError } from './config-error.js';
import { tryParseDuration } from './duration.js';
import type { Recorder } from './recorder.js';
import type { ModelConfig } from './schema.js';
import type { ModelSettings, SettingSource } from './types.js';

const FIELDS = ['id', 'aliases', 'gateway', 'contextWindow', 'timeout', 'price'] as const;

export function resolveModels(input: {
  catalogue: Catalogue;
  config: Record<string, ModelConfig> | undefined;
  configFile: string | undefined;
  gateways: readonly string[];
  rec: Recorder;
}): Record<string, ModelSettings> {
  const { catalogue, rec } = input;
  const file = input.configFile ?? '';
  const fromCatalogue: SettingSource = {
    kind: 'catalogue',
    detail: `fixtures/models.json (${catalogue.version})`,
  };
  const models: Record<string, ModelSettings> = catalogue.models;
  for (const [name, model] of Object.entries(models)) {
    rec.set(`models.${name}.id`, fromCatalogue);
    rec.set(`models.${name}.aliases`, fromCatalogue);
    rec.set(`models.${name}.gateway`, { kind: 'default', detail: 'default' });
    if (model.contextWindow !== undefined) rec.set(`models.${name}.contextWindow`, fromCatalogue);
    if (model.price !== undefined) rec.set(`models.${name}.price`, fromCatalogue);
  }

  const configured = input.config ?? {};
  for (const [name, cfg] of Object.entries(configured)) {
    const at = (field: string): (string | number)[] => ['models', name, field];
    const base = models[name];
    const model: ModelSettings = base ?? {
      name,
      id: name,
      aliases: [],
      gateway: 'default',
    };
    if (base === undefined) {
      for (const field of ['id', 'aliases', 'gateway'] as const) {
        rec.set(`models.${name}.${field}`, { kind: 'default', detail: 'default' });
      }
    }
    if (cfg.id !== undefined) {
      // An id written in a config file is sent exactly as written (SPEC §1).
      model.id = cfg.id;
      delete model.ids;
    }
    if (cfg.aliases !== undefined) model.aliases = [...new Set(cfg.aliases)];
    if (cfg.gateway !== undefined) {
      if (!input.gateways.includes(cfg.gateway)) {
        throw configError(
          file,
          at('gateway'),
          `expected one of the gateways ${input.gateways.join(', ')}, got "${cfg.gateway}"; add it under gateways`,
        );
      }
      model.gateway = cfg.gateway;
    }
    if (cfg.contextWindow !== undefined) model.contextWindow = cfg.contextWindow;
    if (cfg.timeout !== undefined) model.timeoutMs = tryParseDuration(cfg.timeout) ?? 0;
    if (cfg.price !== undefined) {
      const merged = { ...base?.price, ...definedOnly(cfg.price) };
      if (merged.input === undefined || merged.output === undefined) {
        throw configError(
          file,
          at('price'),
          `expected input and output prices (USD per million tokens) for '${name}', which is not in the built-in catalogue`,
        );
      }
      model.price = { input: merged.input, output: merged.output, source: `config ${file}` };
      if (merged.cachedInput !== undefined) model.price.cachedInput = merged.cachedInput;
    }
    for (const field of FIELDS) {
      if (cfg[field] !== undefined) rec.set(`models.${name}.${field}`, rec.file(at(field)));
    }
    models[name] = model;
  }

  settleAliases(models, configured, file);
  return models;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Config aliases must not name a model or repeat another config alias (a ConfigError at the
 * alias); catalogue aliases that a config name or alias takes over are dropped.
 */
function settleAliases(
  models: Record<string, ModelSettings>,
  configured: Record<string, ModelConfig>,
  file: string,
): void {
  const owners = new Map<string, string>();
  for (const [name, cfg] of Object.entries(configured)) {
    (cfg.aliases ?? []).forEach((alias, index) => {
      const path = ['models', name, 'aliases', index];
      if (alias === name) return;
      if (models[alias] !== undefined) {
        throw configError(
          file,
          path,
          `alias "${alias}" is already the name of a model; pick another alias`,
        );
      }
      const owner = owners.get(alias);
      if (owner !== undefined && owner !== name) {
        throw configError(
          file,
          path,
          `alias "${alias}" is already an alias of ${owner}; pick another alias`,
        );
      }
      owners.set(alias, name);
    });
  }
  for (const [name, model] of Object.entries(models)) {
    if (configured[name]?.aliases !== undefined) {
      model.aliases = model.aliases.filter((a) => a !== name);
      continue;
    }
    model.aliases = model.aliases.filter(
      (a) => !owners.has(a) && (models[a] === undefined || a === name),
    );
  }
}
