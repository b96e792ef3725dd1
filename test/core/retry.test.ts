import { describe, expect, it } from 'vitest';
import type { RetrySettings } from '../../src/config/types.js';
import {
  decideAfterFailure,
  setsKeyAside,
  type FailureDecision,
  type FailureFacts,
} from '../../src/core/retry.js';

// The chain's decision after a failed attempt, as a table of facts → decision (in the manner
// of openai-node's shouldRetry tests). `random` returns 0.5, so backoff is half the cap.
const RETRY: RetrySettings = {
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 10_000,
};

function facts(over: Partial<FailureFacts>): FailureFacts {
  return {
    cls: 'server_error',
    attemptNo: 1,
    delivered: 0,
    circuitOpened: false,
    now: 0,
    deadlineAt: 60_000,
    retry: RETRY,
    random: () => 0.5,
    ...over,
  };
}

const keys = (
  available: number,
  size: number,
  rotations = 0,
): NonNullable<FailureFacts['keys']> => ({
  available,
  size,
  rotations,
});

const TABLE: [string, Partial<FailureFacts>, FailureDecision][] = [
  // stop
  [
    'text delivered stops, whatever the class',
    { cls: 'server_error', delivered: 12 },
    { action: 'stop', why: 'delivered' },
  ],
  [
    'delivered beats key rotation',
    { cls: 'rate_limited', delivered: 1, keys: keys(3, 3) },
    { action: 'stop', why: 'delivered' },
  ],
  ['bad_request stops the chain', { cls: 'bad_request' }, { action: 'stop', why: 'refused' }],
  ['content_filter stops the chain', { cls: 'content_filter' }, { action: 'stop', why: 'refused' }],
  // key rotation
  [
    '401 with another key left rotates',
    { cls: 'auth', keys: keys(1, 2) },
    { action: 'rotate_key' },
  ],
  ['401 with no key left fails over', { cls: 'auth', keys: keys(0, 2) }, { action: 'failover' }],
  [
    '429 with another key rotates',
    { cls: 'rate_limited', keys: keys(2, 2) },
    { action: 'rotate_key' },
  ],
  [
    '429 on the only usable key retries',
    { cls: 'rate_limited', keys: keys(1, 2), retryAfterMs: 200 },
    { action: 'retry', delayMs: 200 },
  ],
  [
    '429 after every key was tried retries',
    { cls: 'rate_limited', keys: keys(3, 3, 2), retryAfterMs: 200 },
    { action: 'retry', delayMs: 200 },
  ],
  [
    '429 without a key (keyless gateway) retries',
    { cls: 'rate_limited', retryAfterMs: 300 },
    { action: 'retry', delayMs: 300 },
  ],
  [
    '500 never rotates keys',
    { cls: 'server_error', keys: keys(3, 3) },
    { action: 'retry', delayMs: 250 },
  ],
  [
    'open circuit: no rotation, no retry',
    { cls: 'rate_limited', circuitOpened: true, keys: keys(3, 3) },
    { action: 'failover' },
  ],
  // same-model retry
  [
    '500 backs off with jitter (attempt 1)',
    { cls: 'server_error', attemptNo: 1 },
    { action: 'retry', delayMs: 250 },
  ],
  [
    '500 backs off exponentially (attempt 2)',
    { cls: 'server_error', attemptNo: 2 },
    { action: 'retry', delayMs: 500 },
  ],
  [
    '500 after the last attempt fails over',
    { cls: 'server_error', attemptNo: 3 },
    { action: 'failover' },
  ],
  [
    'open circuit after a 500 fails over',
    { cls: 'server_error', circuitOpened: true },
    { action: 'failover' },
  ],
  [
    '429 honours Retry-After',
    { cls: 'rate_limited', retryAfterMs: 4000 },
    { action: 'retry', delayMs: 4000 },
  ],
  ['429 without Retry-After backs off', { cls: 'rate_limited' }, { action: 'retry', delayMs: 250 }],
  [
    '429 with Retry-After over the cap fails over',
    { cls: 'rate_limited', retryAfterMs: 10_001 },
    { action: 'failover' },
  ],
  ['network retries once', { cls: 'network', attemptNo: 1 }, { action: 'retry', delayMs: 250 }],
  ['network does not retry twice', { cls: 'network', attemptNo: 2 }, { action: 'failover' }],
  [
    'bad_response retries once',
    { cls: 'bad_response', attemptNo: 1 },
    { action: 'retry', delayMs: 250 },
  ],
  ['timeout is not retried', { cls: 'timeout' }, { action: 'failover' }],
  ['not_found fails over', { cls: 'not_found' }, { action: 'failover' }],
  ['context_length fails over', { cls: 'context_length' }, { action: 'failover' }],
  // deadline
  [
    'a wait past the deadline fails over',
    { cls: 'rate_limited', retryAfterMs: 5000, now: 56_000 },
    { action: 'failover' },
  ],
  [
    'a wait ending exactly at the deadline fails over',
    { cls: 'rate_limited', retryAfterMs: 4000, now: 56_000 },
    { action: 'failover' },
  ],
  [
    'a wait just inside the deadline retries',
    { cls: 'rate_limited', retryAfterMs: 3999, now: 56_000 },
    { action: 'retry', delayMs: 3999 },
  ],
];

describe('decideAfterFailure', () => {
  it.each(TABLE)('%s', (_name, over, expected) => {
    expect(decideAfterFailure(facts(over))).toEqual(expected);
  });

  it('draws jitter only when it backs off', () => {
    let draws = 0;
    const random = (): number => (draws++, 0.5);
    decideAfterFailure(facts({ cls: 'rate_limited', retryAfterMs: 100, random }));
    decideAfterFailure(facts({ cls: 'auth', keys: keys(1, 2), random }));
    decideAfterFailure(facts({ cls: 'timeout', random }));
    expect(draws).toBe(0);
    decideAfterFailure(facts({ cls: 'server_error', random }));
    expect(draws).toBe(1);
  });
});

describe('setsKeyAside', () => {
  it.each([
    ['a 401', { cls: 'auth', delivered: 0, circuitOpened: false }, true],
    ['a 429', { cls: 'rate_limited', delivered: 0, circuitOpened: false }, false],
    ['a 401 once the circuit opened', { cls: 'auth', delivered: 0, circuitOpened: true }, false],
    [
      'an in-band 401 after text was delivered',
      { cls: 'auth', delivered: 5, circuitOpened: false },
      false,
    ],
  ] as const)('%s → %s', (_name, f, expected) => {
    expect(setsKeyAside(f)).toBe(expected);
  });
});
