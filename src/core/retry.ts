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

/** What the chain knows right after an attempt on one model failed. */
export interface FailureFacts {
  cls: ErrorClass;
  /** Attempts on this model so far, key rotations not counted (1 = the first). */
  attemptNo: number;
  retryAfterMs?: number;
  /** Characters of the answer that already reached the user. */
  delivered: number;
  /** This failure opened the model's circuit (or a half-open probe failed). */
  circuitOpened: boolean;
  /**
   * The gateway's key pool when the attempt used a key, after `setsKeyAside` was applied:
   * keys still usable, keys in all, and rotations already made on this model attempt.
   */
  keys?: { available: number; size: number; rotations: number };
  now: number;
  deadlineAt: number;
  retry: RetrySettings;
  /** For backoff jitter; only called when a backoff delay is drawn. */
  random: () => number;
}

/** What the chain does next: rotate key, retry after a delay, fail over, or stop. */
export type FailureDecision =
  | { action: 'stop'; why: 'delivered' | 'refused' }
  | { action: 'rotate_key' }
  | { action: 'retry'; delayMs: number }
  | { action: 'failover' };

/** A 401 sets the key aside for the run (unless text was delivered or the circuit opened). */
export function setsKeyAside(
  f: Pick<FailureFacts, 'cls' | 'delivered' | 'circuitOpened'>,
): boolean {
  return f.cls === 'auth' && f.delivered === 0 && !f.circuitOpened;
}

/** A 401 or 429 moves at once to another key while one is left and not every key was tried. */
function rotatesKey(f: FailureFacts): boolean {
  if (f.circuitOpened || !f.keys || (f.cls !== 'auth' && f.cls !== 'rate_limited')) return false;
  const othersLeft = f.cls === 'auth' ? f.keys.available : f.keys.available - 1;
  return othersLeft > 0 && f.keys.rotations < f.keys.size - 1;
}

/** The same-model retry delay, or undefined when no retry fits (rules, Retry-After, deadline). */
function retryDelay(f: FailureFacts): number | undefined {
  if (f.circuitOpened || !shouldRetrySameModel(f.cls, f.attemptNo, f.retry)) return undefined;
  const delay =
    f.cls === 'rate_limited'
      ? rateLimitDelay(f.retryAfterMs, f.attemptNo, f.retry, f.random)
      : backoffDelay(f.attemptNo, f.retry, f.random);
  return delay !== undefined && fitsDeadline(delay, f.now, f.deadlineAt) ? delay : undefined;
}

/**
 * The chain's rule after a failed attempt (SPEC §2), in order: text already delivered stops
 * (never splice two models' answers); a refusal stops; a 401/429 rotates to another key; a
 * retryable class retries the same model after a delay that fits the deadline; else fail over.
 * Open means "do not send": once the circuit opened, no key rotation and no same-model retry.
 */
export function decideAfterFailure(f: FailureFacts): FailureDecision {
  if (f.delivered > 0) return { action: 'stop', why: 'delivered' };
  if (stopsChain(f.cls)) return { action: 'stop', why: 'refused' };
  if (rotatesKey(f)) return { action: 'rotate_key' };
  const delayMs = retryDelay(f);
  return delayMs === undefined ? { action: 'failover' } : { action: 'retry', delayMs };
}
