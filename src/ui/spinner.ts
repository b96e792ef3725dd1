import type { Painter } from './color.js';
import { clip, formatClock } from './format.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Erases the line the spinner is drawn on and puts the cursor at its start. */
export const CLEAR_LINE = '\r\u001b[2K';

/**
 * One spinner frame for a wait: `⠹ waiting for gpt-4.1 · 3.2s`, cut to `columns`. Pure: the
 * caller draws it (on stderr, on a terminal only) after CLEAR_LINE.
 */
export function spinnerFrame(
  tick: number,
  label: string,
  elapsedMs: number,
  columns: number,
  paint: Painter,
): string {
  const frame = FRAMES[tick % FRAMES.length] as string;
  const text = `${label} · ${formatClock(elapsedMs)}`;
  const room = Number.isFinite(columns) ? Math.max(1, columns - 3) : text.length;
  return `${paint('accent', frame)} ${paint('dim', clip(text, room))}`;
}
