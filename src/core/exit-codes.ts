import {
  CheckFailedError,
  ConfigError,
  InterruptedError,
  UpstreamError,
  UsageError,
  type ErrorClass,
} from './errors.js';

/** SPEC §3: the exit codes of every command. */
export const EXIT = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  auth: 3,
  unavailable: 4,
  refused: 5,
  /** A check could not be judged: `bench --slo` on a sample too thin for a percentile term. */
  notJudged: 6,
  interrupted: 130,
} as const;

/** Classes that mean the request itself was refused: no failover, exit 5. */
const REFUSED: ReadonlySet<ErrorClass> = new Set(['bad_request', 'content_filter']);

/**
 * Exit code for a chain in which no model answered, from every class seen (in order):
 * the decisive (last) class refused → 5; auth was the only kind of failure → 3; else 4.
 */
export function exitCodeForFailedChain(classes: readonly ErrorClass[]): number {
  const last = classes[classes.length - 1];
  if (last !== undefined && REFUSED.has(last)) return EXIT.refused;
  if (classes.length > 0 && classes.every((c) => c === 'auth')) return EXIT.auth;
  return EXIT.unavailable;
}

/** The one place error classes become exit codes. */
export function exitCodeForError(err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError) return EXIT.usage;
  if (err instanceof CheckFailedError) return EXIT.checkFailed;
  if (err instanceof InterruptedError) return EXIT.interrupted;
  if (err instanceof UpstreamError) return exitCodeForFailedChain(err.classes);
  return EXIT.unavailable;
}
