/**
 * What a command gets instead of `process`: its streams, environment, working directory
 * and an AbortSignal that fires on the first Ctrl-C (SIGINT) or SIGTERM. Commands write
 * through these and return an exit code; they never call process.exit or console.log.
 */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface InStream extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
  /** Set when stdin is neither a pipe nor a file: give up if nothing arrives this soon. */
  idleMs?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  /** undefined when there is no stdin to read (tests, CI with stdin closed). */
  stdin?: InStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on the first Ctrl-C / SIGTERM; `signal.reason` is an InterruptedError. */
  signal: AbortSignal;
  /**
   * A Ctrl-C that came as a key rather than a signal (the live TUI reads keys in raw mode):
   * does what SIGINT does, so the first aborts `signal` and a second ends the process at once.
   * Set by the real process Io only.
   */
  interrupt?: () => void;
  /**
   * Readies the process to end soon after a short exchange (`chat`, `models`, one round of
   * `health`): see src/cli/quick-exit.ts. Called before the first request; process-wide, so
   * set by the real process Io only.
   */
  quickExit?: () => Promise<void>;
}

/** A string sink for tests and for renderers that return strings. */
export class StringStream implements OutStream {
  text = '';
  isTTY: boolean;
  columns: number;
  constructor(options: { isTTY?: boolean; columns?: number } = {}) {
    this.isTTY = options.isTTY ?? false;
    this.columns = options.columns ?? 100;
  }
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** An Io for tests: string streams, given env, never-aborted signal unless one is passed. */
export function memoryIo(
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    stdin?: InStream;
    signal?: AbortSignal;
    isTTY?: boolean;
  } = {},
): Io & { stdout: StringStream; stderr: StringStream } {
  const io: Io & { stdout: StringStream; stderr: StringStream } = {
    stdout: new StringStream({ isTTY: options.isTTY ?? false }),
    stderr: new StringStream({ isTTY: options.isTTY ?? false }),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal ?? new AbortController().signal,
  };
  if (options.stdin) io.stdin = options.stdin;
  return io;
}
