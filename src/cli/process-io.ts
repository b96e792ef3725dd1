import { InterruptedError } from '../core/errors.js';
import type { Io } from './io.js';

/**
 * The real process as an Io. The first SIGINT/SIGTERM aborts `signal` so the running
 * command can stop, print and write what it measured, and return 130; a second one
 * restores the default handler and re-raises, ending the process at once.
 */
export function processIo(): { io: Io; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      controller.abort(new InterruptedError(`interrupted (${signal})`));
      return;
    }
    dispose();
    process.kill(process.pid, signal);
  };
  const dispose = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
  // Only offer stdin when something is piped in: a terminal is never read (no hang).
  if (!process.stdin.isTTY) io.stdin = process.stdin;
  return { io, dispose };
}
