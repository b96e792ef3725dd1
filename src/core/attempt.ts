import { AttemptHandler } from './attempt-handler.js';
import type { AttemptSpec } from './attempt-spec.js';
import type { AttemptResult } from './result.js';

export type { AttemptSpec } from './attempt-spec.js';

/**
 * Runs one HTTP attempt. Never throws: every outcome is data. The request is an undici
 * dispatch with a handler (attempt-handler.ts): one promise per attempt, no Readable body.
 */
export function runAttempt(spec: AttemptSpec): Promise<AttemptResult> {
  return new Promise((resolve) => new AttemptHandler(spec, resolve).start());
}
