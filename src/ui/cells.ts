/**
 * Text in terminal cells, as terminals (and ink) draw it: CJK and emoji take two cells,
 * combining marks and zero-width joiners none. string-width is costly to load (~20 ms: an
 * Intl.Segmenter and an emoji regex at import), so only tables and the TUI import this;
 * the chat spinner does when a model name is not plain ASCII (spinner.ts).
 */
import stringWidth from 'string-width';

/** Pads or cuts `text` to exactly `width` terminal cells (cut text ends in `…`). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  if (textWidth(text) <= width) return padCells(text, width, align);
  return padCells(width === 1 ? '…' : headOf(text, width - 1) + '…', width, align);
}

/** Pads `text` with spaces to at least `width` terminal cells; never cuts (a wide `padEnd`). */
export function padCells(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const pad = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'left' ? text + pad : pad + text;
}

/** The longest start of `text`, cut between graphemes, that fits in `width` cells. */
function headOf(text: string, width: number): string {
  let head = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = textWidth(segment);
    if (used + w > width) break;
    head += segment;
    used += w;
  }
  return head;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Width in terminal cells of plain text, as terminals (and ink) draw it: CJK and emoji take
 * two cells, combining marks and zero-width joiners none.
 */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts `text` to at most `width` characters (ending in `…`), without padding. */
export function clip(text: string, width: number): string {
  return textWidth(text) > width ? fit(text, width) : text;
}
