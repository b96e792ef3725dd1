/**
 * The resolved settings as rows of `{key, value, source}` for `shepherd config`: every
 * value printable, every key shown only as its fingerprint, credential-like header values
 * redacted. Pure data; rendering lives in the command.
 */
import { formatDuration } from './duration.js';
import { maxCooldown } from '../core/cooldown.js';
import { redactHeader } from '../core/secrets.js';
import { redactUrl } from '../core/redaction.js';
import { formatBytes } from '../core/body-limit.js';
import type { GatewaySettings, Price, SettingSource, Settings } from './types.js';

export type SettingValue = string | number | boolean | null | string[] | Record<string, unknown>;

export interface SettingRow {
  key: string;
  /** JSON value (durations in config form such as `5s`; keys as fingerprints). */
  value: SettingValue;
  /** The same value for a table. */
  text: string;
  /** `flag --base-url`, `env SHEPHERD_BASE_URL`, `file /abs.json#/gateways/main/baseUrl`, `default`. */
  source: string;
}

export function formatSource(source: SettingSource | undefined): string {
  if (source === undefined || (source.kind === 'default' && source.detail === 'default')) {
    return 'default';
  }
  if (source.kind === 'default') return `default (${source.detail})`;
  return `${source.kind} ${source.detail}`;
}

/** The keys of a gateway as the table shows them: fingerprints, or why there are none. */
function keysText(gateway: GatewaySettings, prints: string[]): string {
  if (prints.length > 0) {
    return gateway.apiKeyEnv !== undefined
      ? `${prints.join(', ')} (${gateway.apiKeyEnv})`
      : prints.join(', ');
  }
  if (gateway.apiKeyCmd !== undefined) return '(from apiKeyCmd, run before the first request)';
  return gateway.apiKeyEnv
    ? `(none: ${gateway.apiKeyEnv} is not set)`
    : '(none: requests go without a key)';
}

export function describeSettings(settings: Settings): SettingRow[] {
  const rows: SettingRow[] = [];
  const add = (key: string, value: SettingValue, text?: string): void => {
    rows.push({
      key,
      value,
      text: text ?? toText(value),
      source: formatSource(settings.sources[key]),
    });
  };

  add('configFile', settings.configFile ?? null, settings.configFile ?? '(none)');

  for (const gateway of Object.values(settings.gateways)) addGateway(add, gateway);

  if (settings.proxy !== undefined) add('proxy', settings.proxy);
  else add('proxy', null, '(none)');
  if (settings.noProxy !== undefined) add('noProxy', settings.noProxy);

  const t = settings.timeouts;
  addDurations(add, 'timeouts', {
    connect: t.connectMs,
    firstToken: t.firstTokenMs,
    idle: t.idleMs,
    attempt: t.attemptMs,
    deadline: t.deadlineMs,
  });
  addRetryAndBreaker(add, settings);
  const h = settings.health;
  addDurations(add, 'health', { maxLatency: h.maxLatencyMs });
  add('health.alertAfter', h.alertAfter);
  add('health.recoverAfter', h.recoverAfter);
  addDurations(add, 'health', { interval: h.intervalMs });

  for (const [name, chain] of Object.entries(settings.routes)) {
    add(`routes.${name}`, chain, chain.join(' → '));
  }
  add('catalogue.version', settings.catalogue.asOf);

  for (const model of Object.values(settings.models)) {
    const at = `models.${model.name}`;
    add(`${at}.id`, model.id);
    add(`${at}.gateway`, model.gateway);
    add(`${at}.aliases`, model.aliases, model.aliases.join(', ') || '(none)');
    if (model.contextWindow !== undefined) add(`${at}.contextWindow`, model.contextWindow);
    if (model.timeoutMs !== undefined) {
      add(`${at}.timeout`, formatDuration(model.timeoutMs));
    }
    if (model.price !== undefined)
      add(`${at}.price`, priceValue(model.price), priceText(model.price));
  }

  if (settings.limits) {
    add(
      'limits.maxResponseBody',
      settings.limits.maxResponseBytes,
      formatBytes(settings.limits.maxResponseBytes),
    );
  }
  add('stateFile', settings.stateFile);
  add('usageLedger', settings.usageLedger);
  return rows;
}

/** A gateway's base URL (credentials hidden), key fingerprints and headers (secrets hidden). */
function addGateway(
  add: (key: string, value: SettingValue, text?: string) => void,
  gateway: Settings['gateways'][string],
): void {
  const at = `gateways.${gateway.name}`;
  const url = gateway.baseUrl === undefined ? undefined : redactUrl(gateway.baseUrl);
  add(`${at}.baseUrl`, url ?? null, url ?? '(not set)');
  const prints = gateway.keys.map((k) => k.fingerprint);
  add(`${at}.keys`, prints, keysText(gateway, prints));
  for (const [name, value] of Object.entries(gateway.headers)) {
    add(`${at}.headers.${name}`, redactHeader(name, value));
  }
}

function addDurations(
  add: (key: string, value: SettingValue) => void,
  block: string,
  values: Record<string, number>,
): void {
  for (const [key, ms] of Object.entries(values)) add(`${block}.${key}`, formatDuration(ms));
}

function priceValue(price: Price): Record<string, unknown> {
  const value: Record<string, unknown> = { input: price.input };
  if (price.cachedInput !== undefined) value['cachedInput'] = price.cachedInput;
  value['output'] = price.output;
  if (price.asOf !== undefined) value['asOf'] = price.asOf;
  return value;
}

function priceText(price: Price): string {
  const cached = price.cachedInput !== undefined ? ` / cached $${price.cachedInput}` : '';
  return `in $${price.input}${cached} / out $${price.output} per 1M tokens`;
}

function toText(value: SettingValue): string {
  if (value === null) return '(none)';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `retry.*` (with `retry.hedge`, `off` when unset) and `breaker.*` rows. */
function addRetryAndBreaker(
  add: (key: string, value: SettingValue, text?: string) => void,
  settings: Settings,
): void {
  const r = settings.retry;
  add('retry.attempts', r.attempts);
  addDurations(add, 'retry', {
    baseDelay: r.baseDelayMs,
    maxDelay: r.maxDelayMs,
    maxRetryAfter: r.maxRetryAfterMs,
  });
  if (r.hedgeMs !== undefined) addDurations(add, 'retry', { hedge: r.hedgeMs });
  else add('retry.hedge', 'off');
  const b = settings.breaker;
  add('breaker.failures', b.failures);
  addDurations(add, 'breaker', { cooldown: b.cooldownMs, maxCooldown: maxCooldown(b) });
}
