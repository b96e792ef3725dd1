import type { ModelSettings, Settings } from '../../src/config/types.js';
import { ApiKey } from '../../src/core/keys.js';

/** Builds Settings directly (no config loading) for core tests. */
export function testSettings(
  baseUrl: string,
  options: {
    models?: Partial<ModelSettings>[];
    keys?: string[];
    stateFile?: string;
    timeouts?: Partial<Settings['timeouts']>;
    retry?: Partial<Settings['retry']>;
    breaker?: Partial<Settings['breaker']>;
  } = {},
): Settings {
  const models: Record<string, ModelSettings> = {};
  for (const m of options.models ?? [{ name: 'a' }, { name: 'b' }, { name: 'c' }]) {
    const name = m.name ?? 'a';
    models[name] = { name, id: name, aliases: [], gateway: 'default', ...m };
  }
  return {
    gateways: {
      default: {
        name: 'default',
        baseUrl,
        headers: {},
        keys: (options.keys ?? []).map((k) => new ApiKey(k, 'env SHEPHERD_API_KEY')),
        keySource: 'env SHEPHERD_API_KEY',
      },
    },
    models,
    routes: { default: Object.keys(models) },
    retry: {
      attempts: 2,
      baseDelayMs: 500,
      maxDelayMs: 8000,
      maxRetryAfterMs: 10_000,
      ...options.retry,
    },
    breaker: { failures: 3, cooldownMs: 30_000, ...options.breaker },
    timeouts: {
      connectMs: 2000,
      firstTokenMs: 2000,
      idleMs: 2000,
      attemptMs: 5000,
      deadlineMs: 20_000,
      ...options.timeouts,
    },
    health: { maxLatencyMs: 2000, alertAfter: 3, recoverAfter: 2, intervalMs: 30_000 },
    catalogue: { source: 'test', asOf: '2026-11-23' },
    sources: {},
    stateFile: options.stateFile ?? '/nonexistent/shepherd-test/health.json',
    usageLedger: '/nonexistent/shepherd-test/usage.jsonl',
  };
}
