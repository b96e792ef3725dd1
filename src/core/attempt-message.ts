import type { AttemptSpec } from './attempt-spec.js';
import { errorCode } from './classify.js';
import type { ErrorClass } from './errors.js';

/** The one-line message of a non-2xx answer, by class (names the key source, never the key). */
export function httpMessage(
  cls: ErrorClass,
  status: number,
  serverMessage: string | undefined,
  spec: AttemptSpec,
  retryAfterMs: number | undefined,
): string {
  const reason = serverMessage ? `: ${serverMessage}` : '';
  switch (cls) {
    case 'auth':
      return spec.key
        ? `HTTP ${status} from ${spec.baseUrl}: the key from ${spec.key.source} (${spec.key.key.fingerprint}) was rejected${reason}`
        : `HTTP ${status} from ${spec.baseUrl}: no API key was set; set SHEPHERD_API_KEY or name a variable with --api-key-env${reason}`;
    case 'not_found':
      return `HTTP 404: ${spec.model.id} not found at ${spec.baseUrl}${reason}; run \`shepherd models\` to see what the gateway offers`;
    case 'rate_limited':
      return `HTTP 429 from ${spec.model.name} (${
        retryAfterMs === undefined ? 'no Retry-After' : `Retry-After ${retryAfterMs} ms`
      })${reason}`;
    case 'content_filter':
      return `refused by the provider's content filter${reason}`;
    default:
      return `HTTP ${status} from ${spec.model.name}${reason}`;
  }
}

/** A network error as `CODE message`. */
export function describe(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
