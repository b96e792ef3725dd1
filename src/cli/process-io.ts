import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import { InterruptedError } from '../core/errors.js';
import type { InStream, Io } from './io.js';
import { compileParserForQuickExit } from './quick-exit.js';

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
  const relayed = relayedSignals(onSignal);
  const dispose = (): void => {
    process.off('SIGINT', relayed ?? onSignal);
    process.off('SIGTERM', relayed ?? onSignal);
  };
  process.on('SIGINT', relayed ?? onSignal);
  process.on('SIGTERM', relayed ?? onSignal);
  // A reader that goes away (`| head`, quitting `less`) makes writes fail with EPIPE: stop the
  // command as on Ctrl-C rather than crash with a stack trace, or probe (and bill) on with
  // nobody reading; later writes go nowhere. Never removed: a closed pipe may be reported
  // after the command returned.
  const onOutputError = (err: NodeJS.ErrnoException): void => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    if (!controller.signal.aborted) controller.abort(new InterruptedError('output closed'));
  };
  process.stdout.on('error', onOutputError);
  process.stderr.on('error', onOutputError);
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    interrupt: () => onSignal('SIGINT'),
    quickExit: compileParserForQuickExit,
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

/** Where bin/shepherd leaves the relayed signals that came while the CLI loaded. */
const EARLY = Symbol.for('shepherd.relayedSignals');
interface EarlySignals {
  early: unknown[];
  keep: (m: unknown) => void;
}

/**
 * In the child that bin/gc-relaunch.cjs starts for `bench`: signals come from the parent over
 * IPC (it gets every Ctrl-C and `kill` once), so those sent here directly are ignored (a
 * terminal's Ctrl-C reaches both processes: acting on both would count it twice). The parent
 * gone (killed) counts as SIGTERM. Returns the handler that ignores, or undefined elsewhere.
 */
function relayedSignals(onSignal: (signal: NodeJS.Signals) => void): (() => void) | undefined {
  if (process.env.SHEPHERD_GC_CHILD !== '1' || typeof process.send !== 'function') return undefined;
  const take = (signal: unknown): void => {
    if (signal === 'SIGINT' || signal === 'SIGTERM') onSignal(signal);
  };
  process.on('message', (m: unknown) =>
    take((m as { shepherdSignal?: unknown } | null)?.shepherdSignal),
  );
  process.on('disconnect', () => onSignal('SIGTERM'));
  // What came before this (bin/shepherd keeps it while the CLI loads): taken over now.
  const handover = globalThis as unknown as Record<symbol, EarlySignals | undefined>;
  const before = handover[EARLY];
  if (before) process.off('message', before.keep);
  delete handover[EARLY];
  // Once the process Io is set up (they may end it at once).
  queueMicrotask(() => {
    for (const signal of before?.early ?? []) take(signal);
    if (!process.connected) onSignal('SIGTERM');
  });
  // The channel must not keep the run alive once its work is done.
  process.channel?.unref();
  return () => undefined;
}
