import type { GlobalOptions } from './context.js';
import type { Io } from './io.js';
import { painter, type Painter } from '../ui/color.js';
import { looksOf, type Looks } from '../ui/terminal.js';

/**
 * Colour and width for text written to `io.stdout` (or `io.stderr`): every command asks here,
 * so `--no-color`, `NO_COLOR`, `FORCE_COLOR`, `COLUMNS`, `--wide` and TTY detection mean the
 * same everywhere (src/ui/terminal.ts decides).
 */
export function looksFor(
  io: Io,
  globals: GlobalOptions,
  stream: 'stdout' | 'stderr' = 'stdout',
): Looks & { paint: Painter } {
  const looks = looksOf({
    stream: io[stream],
    env: io.env,
    noColorFlag: globals.color === false,
    wide: globals.wide === true,
  });
  return { ...looks, paint: painter(looks.color) };
}
