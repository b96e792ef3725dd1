/**
 * One error base class with a stable `code`. Exit codes are decided in one place:
 * `src/core/exit-codes.ts`. Messages are one line, name what was wrong and what to do,
 * and never contain an API key.
 */

/** The failure classes of SPEC §2: stable strings used in output, JSON and metrics. */
export const ERROR_CLASSES = [
  'auth',
  'rate_limited',
  'server_error',
  'timeout',
  'network',
  'not_found',
  'context_length',
  'content_filter',
  'bad_request',
  'bad_response',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'string' && (ERROR_CLASSES as readonly string[]).includes(value);
}

export class ShepherdError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad flag, bad value, missing prompt, no base URL: exit 2. */
export class UsageError extends ShepherdError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('usage', message, options);
  }
}

/** Invalid config file: names the file, the JSON path and what was expected. Exit 2. */
export class ConfigError extends ShepherdError {
  readonly file: string | undefined;
  readonly jsonPath: string | undefined;
  constructor(message: string, details: { file?: string; jsonPath?: string } = {}) {
    super('config', message);
    this.file = details.file;
    this.jsonPath = details.jsonPath;
  }
}

/** A check the user asked for failed (health --require, bench --slo/--baseline, cost --budget). Exit 1. */
export class CheckFailedError extends ShepherdError {
  constructor(message: string) {
    super('check_failed', message);
  }
}

/** The run was interrupted (Ctrl-C). Exit 130. */
export class InterruptedError extends ShepherdError {
  constructor(message = 'interrupted') {
    super('interrupted', message);
  }
}

/** Upstream failure with one SPEC §2 class (the last or decisive class of a failed chain). */
export class UpstreamError extends ShepherdError {
  readonly errorClass: ErrorClass;
  /** Every class seen in the failed chain, in order (decides exit 3 vs 4). */
  readonly classes: readonly ErrorClass[];
  constructor(
    errorClass: ErrorClass,
    message: string,
    classes: readonly ErrorClass[] = [errorClass],
  ) {
    super(errorClass, message);
    this.errorClass = errorClass;
    this.classes = classes;
  }
}
