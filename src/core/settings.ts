/**
 * The settings the fallback client reads: gateways, retry, breaker and timeouts. They are
 * core's own shapes; `src/config` resolves them (flag > env > file > default) into a
 * `Settings` that extends `ClientSettings`. Durations are milliseconds, prices USD per
 * million tokens.
 */
import type { ApiKey } from './keys.js';

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
  /**
   * `gateways.<name>.apiKeyCmd`: a command whose stdout is the key (`pass show gw/key`). The
   * CLI runs it once per process before the first request and puts the key in `keys`.
   */
  apiKeyCmd?: string;
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
  /** `--hedge`: start the next model in parallel after this long without a first token (off when undefined). */
  hedgeMs?: number;
}

export interface BreakerSettings {
  failures: number;
  /** The first cooldown after the circuit opens; doubles after each failed half-open probe. */
  cooldownMs: number;
  /** The cooldown never grows past this (default 60 s). */
  maxCooldownMs?: number;
}

export interface TimeoutSettings {
  connectMs: number;
  firstTokenMs: number;
  idleMs: number;
  attemptMs: number;
  deadlineMs: number;
}

/** What `ShepherdClient` reads from the resolved settings. */
export interface ClientSettings {
  gateways: Record<string, GatewaySettings>;
  retry: RetrySettings;
  breaker: BreakerSettings;
  timeouts: TimeoutSettings;
  /** Health/breaker state file shared by every command. */
  stateFile: string;
  /**
   * What each gateway lists (`GET /models`), cached between runs (model-list-cache.ts);
   * undefined = kept in memory only (the simulator: a new port every run).
   */
  modelListFile?: string;
  /** Proxy URL from HTTPS_PROXY/HTTP_PROXY, for messages (credentials stripped). */
  proxy?: string;
  /** Size limits on what a gateway sends (absent = the defaults of core/body-limit.ts). */
  limits?: { maxResponseBytes: number };
}
