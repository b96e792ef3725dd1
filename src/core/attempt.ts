import { AttemptHandler } from './attempt-handler.js';
import type { AttemptSpec } from './attempt-spec.js';
import type { AttemptResult } from './result.js';

export type { AttemptSpec } from './attempt-spec.js';

/**
 * Runs one HTTP attempt. Never throws: every outcome is data. The request is an undici
 * dispatch with a handler (attempt-handler.ts): one promise per attempt, no Readable body.
 * `after` is applied as it settles (a follow-up in its place) without a promise of its own.
 */
export function runAttempt(
  spec: AttemptSpec,
  after?: (result: AttemptResult) => AttemptResult | Promise<AttemptResult>,
): Promise<AttemptResult> {
  return new Promise((resolve, reject) => new AttemptHandler(spec, resolve, reject, after).start());
}
