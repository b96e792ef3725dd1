import type { Io } from '../io.js';
import type { Clock } from '../../core/clock.js';
import { painter } from '../../ui/color.js';
import { CLEAR_LINE, spinnerFrame, type Clip } from '../../ui/spinner.js';
import { looksOf } from '../../ui/terminal.js';
import type { Spinner } from './plain-notes.js';

const TICK_MS = 100;

/**
 * No silent waits (issue 16): while `chat` waits for a first token, a spinner on stderr says
 * what it is waiting for and for how long. Only when stderr is a terminal and not `--quiet`
 * (`spinnerDrawn`, which decides whether this module is loaded at all); otherwise notes are
 * plain lines. It never touches stdout.
 */
export function startSpinner(
  io: Io,
  clock: Clock,
  opts: { noColor: boolean; label: string; clip: Clip },
): Spinner {
  const write = (text: string): void => void io.stderr.write(text);
  const looks = looksOf({ stream: io.stderr, env: io.env, noColorFlag: opts.noColor });
  const paint = painter(looks.color);
  let start = clock.now();
  let label = opts.label;
  let tick = 0;
  let shown = false;
  let stopped = false;
  const draw = (): void => {
    if (stopped) return;
    const elapsed = clock.now() - start;
    write(CLEAR_LINE + spinnerFrame(tick++, label, elapsed, looks.columns, paint, opts.clip));
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
