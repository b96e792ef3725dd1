import type { Painter } from './color.js';
import { formatClock } from './format.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Erases the line the spinner is drawn on and puts the cursor at its start. */
export const CLEAR_LINE = '\r\u001b[2K';

/** Cuts text to at most `width` terminal cells, ending in `…` (cells.ts's `clip`). */
export type Clip = (text: string, width: number) => string;

/** One cell each: printable ASCII and the `·` a frame puts between label and clock. */
const ONE_CELL = /^[\x20-\x7e·]*$/;

/** Whether `clipOneCell` is exact for every frame of this label (no wide or zero-width text). */
export function oneCellLabel(label: string): boolean {
  return ONE_CELL.test(label);
}

/**
 * `clip` for text whose characters take one cell each (oneCellLabel): the same result as
 * cells.ts's `clip` without loading string-width (~20 ms at start-up).
 */
export function clipOneCell(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 0) return '';
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/**
 * One spinner frame for a wait: `⠹ waiting for gpt-4.1 · 3.2s`, cut to `columns`. Pure: the
 * caller draws it (on stderr, on a terminal only) after CLEAR_LINE. `clip` is cells.ts's, or
 * clipOneCell when every label it will show is oneCellLabel.
 */
export function spinnerFrame(
  tick: number,
  label: string,
  elapsedMs: number,
  columns: number,
  paint: Painter,
  clip: Clip,
): string {
  const frame = FRAMES[tick % FRAMES.length] as string;
  const text = `${label} · ${formatClock(elapsedMs)}`;
  const room = Number.isFinite(columns) ? Math.max(1, columns - 3) : text.length;
  return `${paint('accent', frame)} ${paint('dim', clip(text, room))}`;
}
