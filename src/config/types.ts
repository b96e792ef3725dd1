/**
 * Resolved settings: what every command works from after flag > env > file > default
 * resolution (`loadSettings` in `src/config/load.ts`). Durations are milliseconds,
 * prices USD per million tokens.
 */
import type { ClientSettings, ModelSettings } from '../core/settings.js';

// The shapes the client reads are core's; every command imports them from here too.
export type {
  BreakerSettings,
  ClientSettings,
  GatewaySettings,
  ModelSettings,
  Price,
  RetrySettings,
  TimeoutSettings,
} from '../core/settings.js';

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

/** Everything a command works from: the client's settings plus models, routes and where each came from. */
export interface Settings extends ClientSettings {
  /** Absolute path of the config file used, if any. */
  configFile?: string;
  models: Record<string, ModelSettings>;
  routes: Record<string, string[]>;
  health: HealthSettings;
  catalogue: { source: string; asOf: string };
  /** Where each resolved setting came from, keyed by dotted path (e.g. `gateways.default.baseUrl`). */
  sources: Record<string, SettingSource>;
  /** `$XDG_STATE_HOME/shepherd/health.json` (the client's state file). */
  stateFile: string;
  /** `$XDG_DATA_HOME/shepherd/usage.jsonl`. */
  usageLedger: string;
  /** NO_PROXY as set, for messages. */
  noProxy?: string;
  /**
   * Things worth telling the user, one line each (a base URL not ending at /v1, a named key
   * variable that is unset, a route naming an unknown model). Commands print them on stderr
   * as notes (silenced by --quiet); they never make loading fail.
   */
  notes?: string[];
}
