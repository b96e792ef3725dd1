/**
 * Resolved settings: what every command works from after flag > env > file > default
 * resolution (`loadSettings` in `src/config/load.ts`). Durations are milliseconds,
 * prices USD per million tokens.
 */
import type { ApiKey } from '../core/keys.js';

export interface Price {
  input: number;
  cachedInput?: number;
  output: number;
  source?: string;
  asOf?: string;
}

export interface GatewaySettings {
  name: string;
  /** Ends at `/v1`; undefined when nothing configured it (commands that need it: exit 2). */
  baseUrl?: string;
  headers: Record<string, string>;
  /** Keys to spread requests over (several from SHEPHERD_API_KEYS); empty = keyless. */
  keys: ApiKey[];
  /** Where the key(s) came from, e.g. `env SHEPHERD_API_KEY`, `env LEGACY_KEY (config gateways.legacy.apiKeyEnv)`. */
  keySource?: string;
  /** The variable the key(s) come from (or that is named and unset), e.g. `LEGACY_KEY`. */
  apiKeyEnv?: string;
}

export interface ModelSettings {
  /** Configured name, e.g. `gpt-4.1`. */
  name: string;
  /** Id sent to the gateway, e.g. `openai/gpt-4.1` (defaults to name). */
  id: string;
  /**
   * Other ids the catalogue declares for the model (`claude-sonnet-4-5`). Present only for a
   * catalogue model whose id no config file set: its id is then matched against what the
   * gateway lists (core/model-ids.ts). Absent = the id is sent exactly as written.
   */
  ids?: string[];
  aliases: string[];
  gateway: string;
  contextWindow?: number;
  /** Per-attempt timeout for this model (ms). */
  timeoutMs?: number;
  price?: Price;
  /** True when neither configured nor in the catalogue: sent as given, unpriced. */
  passthrough?: boolean;
}

export interface RetrySettings {
  /** All attempts on one model (2 = one retry). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

export interface BreakerSettings {
  failures: number;
  cooldownMs: number;
}

export interface TimeoutSettings {
  connectMs: number;
  firstTokenMs: number;
  idleMs: number;
  attemptMs: number;
  deadlineMs: number;
}

export interface HealthSettings {
  maxLatencyMs: number;
  alertAfter: number;
  recoverAfter: number;
  intervalMs: number;
}

export type SourceKind = 'flag' | 'env' | 'file' | 'default' | 'catalogue';

export interface SettingSource {
  kind: SourceKind;
  /** e.g. `--base-url`, `SHEPHERD_BASE_URL`, `/abs/shepherd.config.json#/gateways/main/baseUrl`. */
  detail: string;
}

export interface Settings {
  /** Absolute path of the config file used, if any. */
  configFile?: string;
  gateways: Record<string, GatewaySettings>;
  models: Record<string, ModelSettings>;
  routes: Record<string, string[]>;
  retry: RetrySettings;
  breaker: BreakerSettings;
  timeouts: TimeoutSettings;
  health: HealthSettings;
  catalogue: { source: string; asOf: string };
  /** Where each resolved setting came from, keyed by dotted path (e.g. `gateways.default.baseUrl`). */
  sources: Record<string, SettingSource>;
  /** `$XDG_STATE_HOME/shepherd/health.json`. */
  stateFile: string;
  /** `$XDG_DATA_HOME/shepherd/usage.jsonl`. */
  usageLedger: string;
  /** Proxy URL from HTTPS_PROXY/HTTP_PROXY, for messages (credentials stripped). */
  proxy?: string;
  /** NO_PROXY as set, for messages. */
  noProxy?: string;
  /**
   * Things worth telling the user, one line each (a base URL not ending at /v1, a named key
   * variable that is unset, a route naming an unknown model). Commands print them on stderr
   * as notes (silenced by --quiet); they never make loading fail.
   */
  notes?: string[];
}
