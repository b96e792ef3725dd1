import { UsageError } from '../core/errors.js';

/** Carries the simulator's accepted keys to its child process (comma-separated; never argv). */
export const SIM_KEYS_ENV = 'SHEPHERD_SIM_API_KEYS';

/** `--port`: an integer from 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const port = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `--port: '${text}' is not a port; use a number from 0 to 65535 (0 picks a free one)`,
    );
  }
  return port;
}

/** An integer option such as `--seed`. */
export function parseIntOption(text: string, flag: string): number {
  const value = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`${flag}: '${text}' is not an integer; use e.g. ${flag} 42`);
  }
  return value;
}
