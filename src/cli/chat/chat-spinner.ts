import type { Io } from '../io.js';
import type { Clock } from '../../core/clock.js';
import { painter } from '../../ui/color.js';
import { CLEAR_LINE, spinnerFrame } from '../../ui/spinner.js';
import { looksOf } from '../../ui/terminal.js';

export interface Spinner {
  /** What is being waited for (`waiting for gpt-4.1`). */
  set(label: string): void;
  /** Writes a note line on stderr without tearing the spinner. */
  note(text: string): void;
  /** Erases the spinner for good (before the first token, at the end). Idempotent. */
  stop(): void;
}

const TICK_MS = 100;

/**
 * No silent waits (issue 16): while `chat` waits for a first token, a spinner on stderr says
 * what it is waiting for and for how long. Only when stderr is a terminal and not `--quiet`;
 * otherwise notes are plain lines and nothing else is drawn. It never touches stdout.
 */
export function startSpinner(
  io: Io,
  clock: Clock,
  opts: { quiet: boolean; noColor: boolean; label: string },
): Spinner {
  const write = (text: string): void => void io.stderr.write(text);
  if (opts.quiet || io.stderr.isTTY !== true || io.env['TERM'] === 'dumb') {
    return { set: () => undefined, note: (t) => write(`${t}\n`), stop: () => undefined };
  }
  const looks = looksOf({ stream: io.stderr, env: io.env, noColorFlag: opts.noColor });
  const paint = painter(looks.color);
  let start = clock.now();
  let label = opts.label;
  let tick = 0;
  let shown = false;
  let stopped = false;
  const draw = (): void => {
    if (stopped) return;
    write(CLEAR_LINE + spinnerFrame(tick++, label, clock.now() - start, looks.columns, paint));
    shown = true;
  };
  const erase = (): void => {
    if (shown) write(CLEAR_LINE);
    shown = false;
  };
  const timer = setInterval(draw, TICK_MS);
  timer.unref?.();
  draw();
  return {
    set: (text) => {
      // The clock shows how long this model has been waited for.
      if (text !== label) start = clock.now();
      label = text;
      draw();
    },
    note: (text) => {
      erase();
      write(`${text}\n`);
      draw();
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      erase();
    },
  };
}
