import type { LatencyBin } from '../bench/index.js';
import type { Tone } from './color.js';
import { fit, textWidth } from './cells.js';
import { formatCompact, formatMs } from './format.js';

/** The live layout's line shape (toned segments), repeated here so the two modules stay one-way. */
type Line = { text: string; tone?: Tone }[];

/**
 * The live view's latency histogram panel (toggled with `h`): one bar per latency range of the
 * selected target, like oha's response-time histogram, laid out as toned lines `columns` wide.
 */

export interface PanelTarget {
  name: string;
  ok: number;
  inFlight: number | null;
  bins: readonly LatencyBin[];
}

const LABEL = 9; // `≤ 1.23 s` and `≤ 842 ms` fit in 9 cells

export function histogramPanel(
  t: PanelTarget,
  position: { index: number; count: number },
  columns: number,
): Line[] {
  const head: Line = [
    { text: 'latency histogram · ', tone: 'bold' },
    { text: t.name, tone: 'accent' },
    {
      text: ` (${position.index + 1}/${position.count}) · ${formatCompact(t.ok)} ok${t.inFlight === null ? '' : ` · ${formatCompact(t.inFlight)} in flight`}`,
      tone: 'dim',
    },
  ];
  const lines: Line[] = [fitLine(head, columns)];
  if (t.bins.length === 0 || t.ok === 0) {
    lines.push([{ text: '  no successful request yet', tone: 'dim' }]);
    return lines;
  }
  const max = Math.max(...t.bins.map((b) => b.count));
  const countWidth = Math.max(...t.bins.map((b) => formatCompact(b.count).length));
  const barWidth = Math.max(4, columns - 2 - LABEL - 2 - 1 - countWidth);
  for (const b of t.bins) {
    const cells = b.count === 0 ? 0 : Math.max(1, Math.round((b.count / max) * barWidth));
    lines.push([
      { text: '  ' + fit(`≤ ${formatMs(b.toMs)}`, LABEL, 'right') + ' │', tone: 'dim' },
      { text: '■'.repeat(cells), tone: 'accent' },
      { text: ' '.repeat(barWidth - cells + 1) + fit(formatCompact(b.count), countWidth, 'right') },
    ]);
  }
  return lines;
}

/** Cuts a line's last segments so the whole fits in `columns` cells. */
function fitLine(line: Line, columns: number): Line {
  const out: Line = [];
  let used = 0;
  for (const s of line) {
    const room = columns - used;
    if (room <= 0) break;
    const text = textWidth(s.text) <= room ? s.text : fit(s.text, room);
    out.push({ ...s, text });
    used += textWidth(text);
  }
  return out;
}
