import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import { InterruptedError } from '../core/errors.js';
import type { InStream, Io } from './io.js';

/**
 * The real process as an Io. The first SIGINT/SIGTERM aborts `signal` so the running
 * command can stop, print and write what it measured, and return 130; a second one
 * restores the default handler and re-raises, ending the process at once. A closed stdout
 * (EPIPE) aborts `signal` too.
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
  // A reader that goes away (`shepherd health --watch --json | head -1`) ends the run like
  // Ctrl-C instead of crashing on EPIPE, or probing (and billing) on with nobody reading.
  // Never removed: a closed pipe is reported once, possibly after the command returned.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    if (!controller.signal.aborted) {
      controller.abort(new InterruptedError('interrupted (stdout closed)'));
    }
  });
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
  // Only offer stdin when something is piped in: a terminal is never read (no hang).
  // process.stdin is created lazily, only when a command reads it.
  if (!isatty(0)) {
    let stdin: InStream | undefined;
    Object.defineProperty(io, 'stdin', { enumerable: true, get: () => (stdin ??= stdinStream()) });
  }
  return { io, dispose };
}

/** A pipe or file is read to its end; anything else (an open socket) only if data comes soon. */
function stdinStream(): InStream {
  const stream = process.stdin as unknown as InStream;
  try {
    const st = fstatSync(0);
    if (!st.isFIFO() && !st.isFile()) stream.idleMs = 250;
  } catch {
    stream.idleMs = 250;
  }
  return stream;
}
