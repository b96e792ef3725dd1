import type { Io } from '../io.js';

export interface Spinner {
  /** What is being waited for (`waiting for gpt-4.1`). */
  set(label: string): void;
  /** Writes a note line on stderr without tearing the spinner. */
  note(text: string): void;
  /** Erases the spinner for good (before the first token, at the end). Idempotent. */
  stop(): void;
}

/** Whether `chat` draws a spinner: stderr is a terminal (not TERM=dumb) and not `--quiet`. */
export function spinnerDrawn(io: Io, quiet: boolean): boolean {
  return !quiet && io.stderr.isTTY === true && io.env['TERM'] !== 'dumb';
}

/** Where no spinner is drawn: notes are plain lines on stderr, nothing else is written. */
export function plainNotes(io: Io): Spinner {
  return {
    set: () => undefined,
    note: (text) => void io.stderr.write(`${text}\n`),
    stop: () => undefined,
  };
}
