import type { Dispatcher } from 'undici';
import type { ModelSettings } from './settings.js';
import type { Clock } from './clock.js';
import type { ApiKey } from './keys.js';
import type { ChatRequest } from './request.js';

/** Everything one attempt needs; the client fills it in. */
export interface AttemptSpec {
  dispatcher: Dispatcher;
  clock: Clock;
  model: ModelSettings;
  gatewayName: string;
  baseUrl: string;
  /** `baseUrl` + `/chat/completions` split for undici, when the caller has it ready. */
  endpoint?: { origin: string; path: string } | undefined;
  headers: Record<string, string>;
  key?: { key: ApiKey; index: number; source: string } | undefined;
  /** Every key of every gateway, for redaction of anything echoed back. */
  allKeys: readonly ApiKey[];
  proxy?: string | undefined;
  request: ChatRequest;
  timeouts: { firstTokenMs: number; idleMs: number; attemptMs: number };
  /** True when the attempt timeout was cut short by the chain deadline (for the message). */
  deadlineBound?: boolean | undefined;
  signal?: AbortSignal | undefined;
  intendedStart?: number | undefined;
  keepContent?: boolean | undefined;
  onToken?: ((text: string) => void) | undefined;
  onReasoning?: ((text: string) => void) | undefined;
  /** Called once, when the first content arrives (before its onToken). */
  onFirstToken?: (() => void) | undefined;
  userAgent: string;
  /** Largest body accepted (bytes); a stream may be STREAM_LIMIT_FACTOR times this. */
  maxBodyBytes?: number | undefined;
}
