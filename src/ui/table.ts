/**
 * Tables that fit the terminal (issue 16), the way the bench live view lays out its rows: no
 * borders, no rules between rows, a gap of two spaces between columns, a dim rule under the
 * header. When the table is wider than `columns`:
 *
 * 1. headers wrap onto more lines (their units go under the name);
 * 2. text cells marked `wrap` wrap between words inside their column, down to the column's
 *    `minWidth` (a word is never broken here);
 * 3. the least useful columns are dropped (highest `drop` first; `drop` 0 is never dropped),
 *    and the layout starts again;
 * 4. as a last resort every column shrinks (long words break) and lines are cut at the width.
 *
 * No line of the result is wider than `columns`. Colour is painted on the cell text only.
 */
import type { Painter, Tone } from './color.js';
import { textWidth } from './cells.js';

export interface Cell {
  text: string;
  tone?: Tone | undefined;
}
export type CellValue = string | Cell;

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /** 0 (default): never dropped; higher numbers are dropped first. */
  drop?: number;
  /** Long text wraps inside the column (details, lists). */
  wrap?: boolean;
  /** The narrowest a `wrap` column gets before a column is dropped (default 16). */
  minWidth?: number;
}

export interface TableOptions {
  /** The widest a line may be (`Infinity`: as wide as the content). */
  columns: number;
  paint: Painter;
  /** Spaces before every line (default 0). */
  indent?: number;
}

const GAP = 2;
const WRAP_MIN = 16;
const LAST_RESORT_MIN = 3;

const cellOf = (v: CellValue | undefined): Cell =>
  v === undefined ? { text: '' } : typeof v === 'string' ? { text: v } : v;

const widest = (lines: string[]): number => Math.max(0, ...lines.map(textWidth));

/** Breaks `text` into lines of at most `width` cells: at spaces, or inside a too-long word. */
export function wrapCell(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/).filter((w) => w !== '')) {
      for (const piece of breakWord(word, width)) {
        if (line === '') line = piece;
        else if (textWidth(line) + 1 + textWidth(piece) <= width) line += ` ${piece}`;
        else {
          out.push(line);
          line = piece;
        }
      }
    }
    out.push(line);
  }
  return out;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Wraps to `width` with every line after the first indented two spaces. */
function hanging(text: string, width: number): string[] {
  const [first = '', ...rest] = wrapCell(text, width);
  if (rest.length === 0 || width <= 4) return [first, ...rest];
  return [first, ...wrapCell(rest.join(' '), width - 2).map((l) => `  ${l}`)];
}

function breakWord(word: string, width: number): string[] {
  if (textWidth(word) <= width) return [word];
  const pieces: string[] = [];
  let cur = '';
  for (const { segment } of graphemes.segment(word)) {
    if (cur !== '' && textWidth(cur) + textWidth(segment) > width) {
      pieces.push(cur);
      cur = '';
    }
    cur += segment;
  }
  if (cur !== '') pieces.push(cur);
  return pieces;
}

/**
 * Joins `items` with `sep` into lines no wider than `width`, breaking only between items
 * (an item wider than the line gets a line of its own). Continuation lines get `indent`.
 */
export function wrapItems(items: string[], width: number, sep = ' · ', indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : line + sep + item;
    const room = width - (out.length > 0 ? textWidth(indent) : 0);
    if (line !== '' && textWidth(next) > room) {
      out.push(line + sep.trimEnd());
      line = item;
    } else line = next;
  }
  if (line !== '') out.push(line);
  return out.map((l, i) => (i > 0 ? indent + l : l));
}

interface Plan {
  /** Indices of the columns kept, in order. */
  keep: number[];
  widths: number[];
}

function natural(col: TableColumn, cells: Cell[]): { cells: number; header: number } {
  return {
    cells: widest(cells.flatMap((c) => c.text.split('\n'))),
    header: textWidth(col.header),
  };
}

function longestWord(text: string): number {
  return Math.max(0, ...text.split(/\s+/).map(textWidth));
}

function total(widths: number[]): number {
  return widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);
}

/** Narrows the widest column among `which` one cell at a time until `limit` or their floors. */
function squeeze(widths: number[], floors: number[], which: boolean[], limit: number): void {
  while (total(widths) > limit) {
    let best = -1;
    for (let i = 0; i < widths.length; i++) {
      if (!which[i] || (widths[i] as number) <= (floors[i] as number)) continue;
      if (best < 0 || (widths[i] as number) > (widths[best] as number)) best = i;
    }
    if (best < 0) return;
    widths[best] = (widths[best] as number) - 1;
  }
}

function plan(cols: TableColumn[], rows: Cell[][], limit: number): Plan {
  let keep = cols.map((_, i) => i);
  for (;;) {
    const sizes = keep.map((i) =>
      natural(
        cols[i] as TableColumn,
        rows.map((r) => r[i] ?? { text: '' }),
      ),
    );
    const headerFloor = keep.map((i, k) =>
      Math.max(sizes[k]!.cells, longestWord((cols[i] as TableColumn).header)),
    );
    const widths = sizes.map((s) => Math.max(s.cells, s.header));
    if (total(widths) <= limit) return { keep, widths };
    // 1. headers wrap
    squeeze(
      widths,
      headerFloor,
      keep.map(() => true),
      limit,
    );
    if (total(widths) <= limit) return { keep, widths };
    // 2. text cells wrap between words, down to their column's minimum
    const wraps = keep.map((i) => (cols[i] as TableColumn).wrap === true);
    const wrapFloor = keep.map((i, k) => {
      const col = cols[i] as TableColumn;
      const words = Math.max(
        longestWord(col.header),
        ...rows.map((r) => longestWord((r[i] as Cell).text)),
      );
      return Math.min(widths[k] as number, Math.max(col.minWidth ?? WRAP_MIN, words));
    });
    squeeze(widths, wrapFloor, wraps, limit);
    if (total(widths) <= limit) return { keep, widths };
    // 3. drop the least useful column, then lay out again
    const droppable = keep.filter((i) => ((cols[i] as TableColumn).drop ?? 0) > 0);
    if (droppable.length > 0) {
      const worst = droppable.reduce((a, b) =>
        ((cols[b] as TableColumn).drop ?? 0) >= ((cols[a] as TableColumn).drop ?? 0) ? b : a,
      );
      keep = keep.filter((i) => i !== worst);
      continue;
    }
    // 4. everything shrinks
    squeeze(
      widths,
      keep.map(() => LAST_RESORT_MIN),
      keep.map(() => true),
      limit,
    );
    return { keep, widths };
  }
}

function paintCell(
  cell: Cell,
  line: string,
  width: number,
  align: 'left' | 'right',
  paint: Painter,
): string {
  const pad = ' '.repeat(Math.max(0, width - textWidth(line)));
  const text = paint(cell.tone ?? 'plain', line);
  return align === 'left' ? text + pad : pad + text;
}

/** Cuts a painted line to `limit` visible cells (only reached in the last-resort layout). */
function clipPlain(line: string, limit: number): string {
  if (!Number.isFinite(limit) || textWidth(line) <= limit) return line;
  let out = '';
  for (const { segment } of graphemes.segment(line)) {
    if (textWidth(out + segment) > limit) break;
    out += segment;
  }
  return out;
}

/** The table as lines (no trailing newline). An empty `rows` still prints the header. */
export function renderTable(cols: TableColumn[], rows: CellValue[][], opts: TableOptions): string {
  return fitTable(cols, rows, opts).text;
}

/** The table and the headers of the columns dropped to fit (for a "hidden" note). */
export function fitTable(
  cols: TableColumn[],
  rowValues: CellValue[][],
  opts: TableOptions,
): { text: string; hidden: string[] } {
  const indent = ' '.repeat(opts.indent ?? 0);
  const limit = Math.max(1, opts.columns - indent.length);
  const rows = rowValues.map((r) => cols.map((_, i) => cellOf(r[i])));
  const { keep, widths } = plan(cols, rows, limit);
  const { paint } = opts;
  const colour = paint('bold', 'x') !== 'x';
  const lines: string[] = [];
  const emit = (parts: string[]): void => {
    const line = parts.join(' '.repeat(GAP)).replace(/\s+$/, '');
    // Colour codes take no room; clipping only ever happens without them (last resort).
    lines.push(indent + (colour ? line : clipPlain(line, limit)));
  };
  const block = (cells: Cell[], tone?: Tone): void => {
    // The first column's continuation lines hang two spaces in: a wrapped name never reads as
    // a new row (nor starts a line with server text, like a forged `::error::`).
    const wrapped = cells.map((c, k) =>
      k === 0 && !tone
        ? hanging(c.text, widths[k] as number)
        : wrapCell(c.text, widths[k] as number),
    );
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let h = 0; h < height; h++) {
      emit(
        cells.map((c, k) => {
          const col = cols[keep[k] as number] as TableColumn;
          // Headers sit on their last line, so units line up under their names.
          const at = tone ? h - (height - (wrapped[k] as string[]).length) : h;
          const text = (wrapped[k] as string[])[at] ?? '';
          const cell = tone ? { text, tone } : c;
          return paintCell(cell, text, widths[k] as number, col.align ?? 'left', paint);
        }),
      );
    }
  };
  block(
    keep.map((i) => ({ text: (cols[i] as TableColumn).header })),
    'bold',
  );
  lines.push(indent + paint('dim', '─'.repeat(Math.min(limit, total(widths)))));
  for (const r of rows) block(keep.map((i) => r[i] as Cell));
  const hidden = cols.filter((_, i) => !keep.includes(i)).map((c) => c.header);
  return { text: lines.join('\n'), hidden };
}

/**
 * A line of prose (a caption, a total, a footnote) wrapped between words to `columns`, its
 * continuation lines indented by two spaces. Colour codes take no room.
 */
export function wrapLine(text: string, columns: number): string {
  if (!Number.isFinite(columns) || textWidth(text) <= columns) return text;
  const [first = '', ...rest] = wrapCell(text, Math.max(10, columns));
  if (rest.length === 0) return first;
  const tail = wrapCell(rest.join(' '), Math.max(8, columns - 2)).map((l) => `  ${l}`);
  return [first, ...tail].join('\n');
}
