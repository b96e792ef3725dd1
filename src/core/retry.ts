import type { ErrorClass } from './errors.js';
import type { ModelSettings, RetrySettings } from './settings.js';

/**
 * The retry and failover rules of SPEC §2, one small function each. `attemptNo` counts
 * attempts on the current model, starting at 1.
 */

/** Same-model retries allowed for a class, counting the first attempt (network and bad responses: once). */
export function maxAttemptsFor(cls: ErrorClass, retry: RetrySettings): number {
  switch (cls) {
    case 'rate_limited': // honour Retry-After, up to the configured attempts
    case 'server_error': // exponential backoff with full jitter
      return retry.attempts;
    case 'network': // refused/reset/DNS/TLS: one more try
    case 'bad_response': // invalid JSON, cut stream: one more try
      return Math.min(2, Math.max(1, retry.attempts));
    default: // auth, timeout (a silent route is not retried), not_found, context_length, refusals
      return 1;
  }
}

/** Whether to try the same model again after `cls` on attempt `attemptNo`. */
export function shouldRetrySameModel(
  cls: ErrorClass,
  attemptNo: number,
  retry: RetrySettings,
): boolean {
  return attemptNo < maxAttemptsFor(cls, retry);
}

/** Refusals stop the chain: the request itself is wrong, another model will not help. */
export function stopsChain(cls: ErrorClass): boolean {
  return cls === 'bad_request' || cls === 'content_filter';
}

/** After an auth failure, only a model on another gateway (another key) is worth trying. */
export function skipAfterAuth(failed: ModelSettings, candidate: ModelSettings): boolean {
  return candidate.gateway === failed.gateway;
}

/** After context_length, skip models whose known context window is not larger. */
export function skipAfterContextLength(failed: ModelSettings, candidate: ModelSettings): boolean {
  if (failed.contextWindow === undefined || candidate.contextWindow === undefined) return false;
  return candidate.contextWindow <= failed.contextWindow;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^(n−1))]. */
export function backoffDelay(
  attemptNo: number,
  retry: RetrySettings,
  random: () => number,
): number {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attemptNo - 1));
  return Math.round(random() * cap);
}

/**
 * How long to wait before retrying a 429: the server's Retry-After when it has one and it
 * is within maxRetryAfter, else backoff. undefined = the wait does not fit: fail over now.
 */
export function rateLimitDelay(
  retryAfterMs: number | undefined,
  attemptNo: number,
  retry: RetrySettings,
  random: () => number,
): number | undefined {
  if (retryAfterMs === undefined) return backoffDelay(attemptNo, retry, random);
  return retryAfterMs <= retry.maxRetryAfterMs ? retryAfterMs : undefined;
}

/** No wait ever sleeps past the chain deadline. */
export function fitsDeadline(delayMs: number, now: number, deadlineAt: number): boolean {
  return now + delayMs < deadlineAt;
}

/** Which failures count against a model's circuit breaker: signs the model itself is unwell. */
export function countsForBreaker(cls: ErrorClass): boolean {
  return (
    cls === 'server_error' ||
    cls === 'timeout' ||
    cls === 'network' ||
    cls === 'bad_response' ||
    cls === 'rate_limited'
  );
}
