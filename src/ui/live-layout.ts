import { errorTone, successTone, type Painter, type Tone } from './color.js';
import { clip, fit, textWidth } from './cells.js';
import {
  formatClock,
  formatCompact,
  formatMsNumber,
  formatPercent,
  formatPercentNumber,
  formatRate,
  formatTargetRate,
} from './format.js';
import { targetRow, type LiveFrame, type TargetRow } from './live-frame.js';
import { progressBar } from './progress-bar.js';
import { seriesWindow, sparkline } from './sparkline.js';
import { histogramPanel } from './histogram-panel.js';
import { sweepLines } from './sweep-live.js';

/**
 * The live view as lines of toned segments, laid out for a terminal `columns` wide. Pure:
 * bench-view.tsx only paints and mounts these lines, and tests read them as text.
 *
 * Columns are dropped in a fixed order when the terminal is narrow: the sparkline first,
 * then ITL p50, latency p90, TTFT p99, tok/s, TTFT p50 and the error count (errors by class
 * stay on their own line). Target, requests, ok %, req/s and latency p50/p99 always stay.
 */

export interface Segment {
  text: string;
  tone?: Tone;
}
export type Line = Segment[];

export interface LayoutOptions {
  columns: number;
  /** The user asked to stop (q); waiting for in-flight requests. */
  stopping?: boolean | undefined;
  /**
   * Terminal height. A frame taller than the terminal makes ink clear the whole screen on
   * every paint, so blank lines go first, then target rows beyond what fits (counted in a
   * `… N more targets` line). Default: no limit.
   */
  rows?: number | undefined;
  /** Keys can be read (stdin is a terminal): the footer offers `q`. Default true. */
  keys?: boolean | undefined;
  /** The latency histogram panel (`h`) is open on this target (an index into the frame's targets). */
  histogram?: number | undefined;
}

interface Column {
  id: string;
  group: string;
  label: string;
  /** Cells including the one-space gap on their left. */
  width: number;
  /** 0: never dropped; higher numbers are dropped first. */
  drop: number;
  cell(row: TargetRow): Segment;
}

const SPARK_MIN = 8;
const SPARK_MAX = 16;
const TARGET_MIN = 12;
const TARGET_MAX = 28;

/** Marks a percentile the sample cannot support yet (thin-sample rule of the engine). */
export const THIN_MARK = '*';

/**
 * A column of milliseconds (`drop` as in Column), 6 wide, one wider when a value in it is
 * marked thin (`key` is the figure and percentile, e.g. `latency.p99`).
 */
function msColumn(
  id: string,
  group: string,
  label: string,
  drop: number,
  key: string,
  pick: (r: TargetRow) => number | null,
  rows: TargetRow[],
): Column {
  const text = (r: TargetRow): string =>
    formatMsNumber(pick(r)) + (r.thin.has(key) && pick(r) !== null ? THIN_MARK : '');
  return {
    id,
    group,
    label,
    // One wider only when a marked value needs it (5 digits and the mark).
    width: Math.max(6, 1 + Math.max(0, ...rows.map((r) => textWidth(text(r))))),
    drop,
    cell: (r) => ({ text: text(r) }),
  };
}

function columnsFor(frame: LiveFrame): Column[] {
  const open = frame.targetRps !== undefined;
  const rows = frame.targets.map(targetRow);
  return [
    {
      id: 'req',
      group: '',
      label: 'req',
      width: 6,
      drop: 0,
      cell: (r) => ({ text: formatCompact(r.requests) }),
    },
    {
      id: 'fly',
      group: '',
      label: 'flying',
      width: 7,
      drop: 1,
      cell: (r) => ({ text: formatCompact(r.inFlight), tone: r.inFlight > 0 ? 'accent' : 'dim' }),
    },
    {
      id: 'err',
      group: '',
      label: 'err',
      width: 6,
      drop: 2,
      cell: (r) => ({ text: formatCompact(r.errors), tone: errorTone(r.errors, r.successRate) }),
    },
    {
      id: 'ok',
      group: '',
      label: 'ok %',
      width: 6,
      drop: 0,
      cell: (r) => ({ text: formatPercentNumber(r.successRate), tone: successTone(r.successRate) }),
    },
    {
      id: 'rps',
      group: '',
      label: 'req/s',
      width: open ? 11 : 7,
      drop: 0,
      cell: (r) => ({
        text: open ? `${formatRate(r.rps)}/${formatTargetRate(r.targetRps)}` : formatRate(r.rps),
        tone: r.behind ? 'bad' : 'plain',
      }),
    },
    ...(frame.goodput
      ? [
          {
            id: 'good',
            group: '',
            label: 'good/s',
            width: 7,
            drop: 1,
            cell: (r: TargetRow): Segment => ({ text: formatRate(r.goodputRps) }),
          },
        ]
      : []),
    {
      id: 'tok',
      group: '',
      label: 'tok/s',
      width: 7,
      drop: 4,
      cell: (r) => ({ text: (r.tokensSource === 'chunks' ? '~' : '') + formatRate(r.tokensPerS) }),
    },
    msColumn('p50', 'latency ms', 'p50', 0, 'latency.p50', (r) => r.latency.p50, rows),
    msColumn('p90', 'latency ms', 'p90', 6, 'latency.p90', (r) => r.latency.p90, rows),
    msColumn('p99', 'latency ms', 'p99', 0, 'latency.p99', (r) => r.latency.p99, rows),
    msColumn('ttft50', 'ttft ms', 'p50', 3, 'ttft.p50', (r) => r.ttft.p50, rows),
    msColumn('ttft99', 'ttft ms', 'p99', 5, 'ttft.p99', (r) => r.ttft.p99, rows),
    msColumn('itl50', 'itl ms', 'p50', 7, 'itl.p50', (r) => r.itl.p50, rows),
  ];
}

interface Plan {
  targetWidth: number;
  columns: Column[];
  /** 0 when the sparkline is dropped. */
  sparkWidth: number;
}

/** Widens the first column of a group so the group's label fits above it. */
function withGroupRoom(cols: Column[]): Column[] {
  const out = cols.map((c) => ({ ...c }));
  let i = 0;
  while (i < out.length) {
    const group = (out[i] as Column).group;
    let j = i;
    let span = 0;
    while (j < out.length && (out[j] as Column).group === group) {
      span += (out[j] as Column).width;
      j++;
    }
    const need = group ? group.length + 1 : 0;
    if (span < need) (out[i] as Column).width += need - span;
    i = j;
  }
  return out;
}

function plan(frame: LiveFrame, columns: number, marker = false): Plan {
  // `▸ ` marks the histogram panel's target: room for it, so names are not cut
  const names = frame.targets.map((t) => textWidth(t.name) + (marker ? 2 : 0));
  const desired = Math.min(TARGET_MAX, Math.max(6, ...names));
  let cols = columnsFor(frame);
  let spark = true;
  for (;;) {
    const laid = withGroupRoom(cols);
    const fixed = laid.reduce((n, c) => n + c.width, 0) + (spark ? 2 + SPARK_MIN : 0);
    const avail = columns - fixed;
    const dropCandidates = cols.filter((c) => c.drop > 0);
    if (avail >= Math.min(desired, TARGET_MIN) || (!spark && dropCandidates.length === 0)) {
      const targetWidth = Math.max(4, Math.min(desired, avail));
      const extra = Math.max(0, avail - targetWidth);
      const sparkWidth = spark ? SPARK_MIN + Math.min(extra, SPARK_MAX - SPARK_MIN) : 0;
      return { targetWidth, columns: laid, sparkWidth };
    }
    if (spark) {
      spark = false;
      continue;
    }
    const worst = dropCandidates.reduce((a, b) => (b.drop > a.drop ? b : a));
    cols = cols.filter((c) => c !== worst);
  }
}

function groupLine(p: Plan): Line {
  const line: Line = [{ text: ' '.repeat(p.targetWidth) }];
  let i = 0;
  while (i < p.columns.length) {
    const group = (p.columns[i] as Column).group;
    let span = 0;
    let j = i;
    while (j < p.columns.length && (p.columns[j] as Column).group === group) {
      span += (p.columns[j] as Column).width;
      j++;
    }
    if (!group) line.push({ text: ' '.repeat(span) });
    else line.push({ text: ' ' + centre(group, span - 1, '─'), tone: 'dim' });
    i = j;
  }
  return line;
}

function centre(label: string, width: number, fill: string): string {
  const text = ` ${label} `;
  if (textWidth(text) > width) return fit(label, width, 'right');
  const left = Math.floor((width - textWidth(text)) / 2);
  return fill.repeat(left) + text + fill.repeat(width - left - textWidth(text));
}

function headerLine(p: Plan): Line {
  const line: Line = [{ text: fit('target', p.targetWidth), tone: 'bold' }];
  for (const c of p.columns) line.push({ text: fit(c.label, c.width, 'right'), tone: 'bold' });
  if (p.sparkWidth > 0) {
    const label = p.sparkWidth >= 9 ? 'p50 trend' : 'trend';
    line.push({ text: '  ' + fit(label, p.sparkWidth), tone: 'bold' });
  }
  return line;
}

function rowLines(row: TargetRow, p: Plan, columns: number, selected = false): Line[] {
  const line: Line = [
    selected
      ? { text: fit(`▸ ${row.name}`, p.targetWidth), tone: 'accent' }
      : { text: fit(row.name, p.targetWidth) },
  ];
  for (const c of p.columns) {
    const seg = c.cell(row);
    // Only the value is painted, not its padding.
    const cell = fit(seg.text, c.width, 'right');
    const value = cell.trimStart();
    line.push({ text: cell.slice(0, cell.length - value.length) });
    line.push({ text: value, tone: seg.tone ?? 'plain' });
  }
  if (p.sparkWidth > 0) {
    line.push({
      text: '  ' + sparkline(seriesWindow(row.series, p.sparkWidth), p.sparkWidth),
      tone: 'accent',
    });
  }
  const lines = [line];
  if (row.errorsByClass.length > 0) {
    const text = row.errorsByClass.map(([cls, n]) => `${cls} ${formatCompact(n)}`).join(' · ');
    lines.push([
      { text: '  ↳ errors: ', tone: 'dim' },
      { text: clip(text, Math.max(1, columns - 12)), tone: errorTone(row.errors, row.successRate) },
    ]);
  }
  return lines;
}

/** Word-wraps plain text to `width`, continuation lines indented by `indent`. */
export function wrapText(text: string, width: number, indent = 0): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    const room = width - (out.length > 0 ? indent : 0);
    if (current && textWidth(current) + 1 + textWidth(word) > room) {
      out.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) out.push(current);
  return out.map((l, i) => (i > 0 ? ' '.repeat(indent) + l : l));
}

function titleLine(frame: LiveFrame, opts: LayoutOptions): Line {
  let status: Segment;
  if (frame.finished) {
    status = frame.interrupted
      ? { text: '■ stopped early', tone: 'warn' }
      : { text: '✓ done', tone: 'good' };
  } else if (opts.stopping) status = { text: '■ stopping…', tone: 'warn' };
  else if (frame.phase === 'warmup') status = { text: '● warming up', tone: 'warn' };
  else if (frame.phase === 'drain') status = { text: '◐ draining', tone: 'warn' };
  else status = { text: '● running', tone: 'accent' };
  const room = Math.max(1, opts.columns - textWidth(status.text) - 2);
  const title = fit(frame.title, Math.min(room, textWidth(frame.title)));
  const gap = Math.max(2, opts.columns - textWidth(title) - textWidth(status.text));
  return [{ text: title, tone: 'heading' }, { text: ' '.repeat(gap) }, status];
}

/** ` · 8 in flight` while running, when the engine reports it. */
function inFlightText(frame: LiveFrame): string {
  if (frame.finished || frame.targets.length === 0) return '';
  return ` · ${formatCompact(frame.targets.reduce((n, t) => n + t.inFlight, 0))} in flight`;
}

function progressLine(frame: LiveFrame, columns: number): Line {
  const { fraction } = frame;
  const elapsed = formatClock(frame.elapsedMs);
  if (frame.phase === 'warmup' && !frame.finished) {
    return [{ text: `warming up · ${elapsed} · figures start after the warm-up`, tone: 'warn' }];
  }
  if (frame.phase === 'drain' && frame.drain && !frame.finished) {
    return [{ text: drainText(frame, frame.drain), tone: 'warn' }];
  }
  if (fraction === null) {
    return [
      {
        text: `${elapsed} elapsed · ${formatCompact(frame.requestsDone)} req${inFlightText(frame)}`,
      },
    ];
  }
  const pct = fit(formatPercent(fraction, 0), 4, 'right');
  const room = columns - textWidth(pct) - 4 - 10; // the bar is at least 10 cells
  // in flight is said when it fits
  const withFlight = progressDetail(frame, inFlightText(frame));
  const detail = textWidth(withFlight) <= room ? withFlight : progressDetail(frame, '');
  const barWidth = Math.max(10, Math.min(40, columns - textWidth(detail) - textWidth(pct) - 4));
  return [
    { text: progressBar(fraction, barWidth), tone: frame.finished ? 'good' : 'accent' },
    { text: ` ${pct}`, tone: 'bold' },
    { text: `  ${detail}` },
  ];
}

/**
 * The drain, distinct from the run: the window is over, nothing new is sent, and the
 * requests still in flight get up to the bound to finish (then they count as cancelled).
 */
export function drainText(
  frame: LiveFrame,
  drain: { inFlight: number; elapsedMs: number; boundMs: number },
): string {
  const window =
    frame.totalMs !== undefined && frame.totalMs > 0
      ? // Rounded, not floored: a timer may fire a fraction of a ms early (0.9995 s is 1.0s).
        `${formatClock(Math.round(frame.elapsedMs / 100) * 100)} window over`
      : `${formatCompact(frame.requestsDone)} req done`;
  return `draining: ${window} · ${formatCompact(drain.inFlight)} in flight · ${formatClock(drain.elapsedMs)} of up to ${formatClock(drain.boundMs)} (then cancelled)`;
}

/** `breakers  gpt-4.1 open · claude-sonnet-4.5 closed`: a route's circuits, open ones marked. */
function breakerLine(frame: LiveFrame): Line[] {
  if (!frame.breakers || frame.breakers.length === 0) return [];
  const line: Line = [{ text: 'breakers  ', tone: 'dim' }];
  frame.breakers.forEach((b, i) => {
    if (i > 0) line.push({ text: ' · ', tone: 'dim' });
    line.push({ text: `${b.model} ` });
    const state = b.state === 'half_open' ? 'half-open' : b.state;
    line.push({
      text: state,
      tone: b.state === 'closed' ? 'good' : b.state === 'open' ? 'bad' : 'warn',
    });
  });
  return [line];
}

/** `8.0s / 15s  ETA 7.0s  ·  144 req · 8 in flight`, or by requests for a `-n` run. */
function progressDetail(frame: LiveFrame, flight: string): string {
  const elapsed = formatClock(frame.elapsedMs);
  const { etaMs } = frame;
  const eta = etaMs === null ? '' : frame.finished ? '' : `  ETA ${formatClock(etaMs)}`;
  if (frame.totalMs !== undefined && frame.totalMs > 0) {
    return `${elapsed} / ${formatClock(frame.totalMs, true)}${eta}  ·  ${formatCompact(frame.requestsDone)} req${flight}`;
  }
  return `${formatCompact(frame.requestsDone)} / ${formatCompact(frame.requestsTotal)} req  ·  ${elapsed}${eta}${flight}`;
}

function footerLine(frame: LiveFrame, opts: LayoutOptions, rows: TargetRow[]): Line[] {
  const lines: Line[] = [...breakerLine(frame)];
  if (rows.some((r) => r.thin.size > 0)) {
    const note = `${THIN_MARK} too few requests yet for this percentile (p90 needs 50, p99 500): it reads as the max`;
    for (const text of wrapText(note, opts.columns, 2)) lines.push([{ text, tone: 'dim' }]);
  }
  if (rows.some((r) => r.tokensSource === 'chunks')) {
    lines.push([
      { text: '~ tok/s counted from stream chunks: the server sent no usage', tone: 'dim' },
    ]);
  }
  if (frame.finished) {
    const how = frame.interrupted ? 'stopped early at' : 'finished in';
    lines.push([{ text: `${how} ${formatClock(frame.elapsedMs)} · summary below`, tone: 'dim' }]);
  } else if (opts.stopping) {
    lines.push([
      { text: 'stopping: waiting for in-flight requests… ', tone: 'warn' },
      { text: 'Ctrl-C again to quit at once', tone: 'dim' },
    ]);
  } else if (opts.keys === false) {
    lines.push([
      { text: 'Ctrl-C', tone: 'bold' },
      { text: ' stop early and show the summary', tone: 'dim' },
    ]);
  } else {
    lines.push([
      { text: 'q', tone: 'bold' },
      { text: ' or ', tone: 'dim' },
      { text: 'Ctrl-C', tone: 'bold' },
      { text: ' stop early and show the summary', tone: 'dim' },
      // the panel's keys when they fit (60 columns and more)
      ...(opts.columns >= 60
        ? [{ text: ' · ', tone: 'dim' as const }, ...histogramKeys(opts.histogram !== undefined)]
        : []),
    ]);
  }
  return lines;
}

function histogramKeys(open: boolean): Line {
  if (!open)
    return [
      { text: 'h', tone: 'bold' },
      { text: ' histogram', tone: 'dim' },
    ];
  return [
    { text: '↑/↓', tone: 'bold' },
    { text: ' target · ', tone: 'dim' },
    { text: 'h', tone: 'bold' },
    { text: ' hide', tone: 'dim' },
  ];
}

/** The histogram panel of the selected target, with a blank line above it; none when closed. */
function panelLines(rows: TargetRow[], opts: LayoutOptions, columns: number): Line[] {
  if (opts.histogram === undefined || rows.length === 0) return [];
  const index = Math.min(Math.max(0, opts.histogram), rows.length - 1);
  const row = rows[index] as TargetRow;
  return [
    [],
    ...histogramPanel(
      { name: row.name, ok: row.ok, inFlight: row.inFlight, bins: row.latencyBins },
      { index, count: rows.length },
      columns,
    ),
  ];
}

/** Lays out a frame for a terminal `columns` wide (at least 40 is assumed; less truncates). */
export function layoutBenchView(frame: LiveFrame, opts: LayoutOptions): Line[] {
  const columns = Math.max(40, Math.floor(opts.columns));
  const o = { ...opts, columns };
  const rows = frame.targets.map(targetRow);
  const p = plan(frame, columns, opts.histogram !== undefined);
  const lines: Line[] = [titleLine(frame, o), progressLine(frame, columns)];
  if (frame.sweep) lines.push([], ...sweepLines(frame.sweep, columns));
  if (frame.warnings.length > 0) {
    lines.push([]);
    for (const w of frame.warnings) {
      wrapText(w, columns - 2, 0).forEach((text, i) =>
        lines.push([
          { text: i === 0 ? '⚠ ' : '  ', tone: 'warn' },
          { text, tone: 'warn' },
        ]),
      );
    }
  }
  lines.push([]);
  lines.push(groupLine(p), headerLine(p));
  const ruleWidth =
    p.targetWidth +
    p.columns.reduce((n, c) => n + c.width, 0) +
    (p.sparkWidth > 0 ? 2 + p.sparkWidth : 0);
  lines.push([{ text: '─'.repeat(Math.min(columns, ruleWidth)), tone: 'dim' }]);
  if (rows.length === 0) lines.push([{ text: 'no targets yet', tone: 'dim' }]);
  const selected = opts.histogram === undefined ? -1 : Math.min(opts.histogram, rows.length - 1);
  const body = rows.map((row, i) => rowLines(row, p, columns, i === selected));
  const footer: Line[] = [...panelLines(rows, o, columns), [], ...footerLine(frame, o, rows)];
  return fitHeight(lines, body, footer, opts.rows);
}

/** Keeps a frame within `rows - 1` lines (see LayoutOptions.rows). */
function fitHeight(head: Line[], body: Line[][], footer: Line[], rows: number | undefined): Line[] {
  const all = (h: Line[], b: Line[][], f: Line[]): Line[] => [...h, ...b.flat(), ...f];
  const limit = rows !== undefined && rows > 0 ? rows - 1 : Infinity;
  let out = all(head, body, footer);
  if (out.length <= limit) return out;
  const solid = (ls: Line[]) => ls.filter((l) => l.length > 0);
  head = solid(head);
  footer = solid(footer);
  out = all(head, body, footer);
  if (out.length <= limit) return out;
  const room = limit - head.length - footer.length - 1;
  const kept: Line[][] = [];
  let used = 0;
  for (const r of body) {
    if (used + r.length > room) break;
    kept.push(r);
    used += r.length;
  }
  const hidden = body.length - kept.length;
  const more: Line = [
    {
      text: `… ${hidden} more target${hidden === 1 ? '' : 's'} (a taller terminal shows them)`,
      tone: 'dim',
    },
  ];
  return [...head, ...kept.flat(), more, ...footer];
}

/** A laid-out line as a string, painted (colour on) or plain (colour off). */
export function paintLine(line: Line, paint: Painter): string {
  return line
    .map((s) => paint(s.tone ?? 'plain', s.text))
    .join('')
    .replace(/\s+$/, '');
}

/** The whole frame as plain text (tests, snapshots, a non-ink fallback). */
export function renderBenchViewText(frame: LiveFrame, opts: LayoutOptions, paint: Painter): string {
  return layoutBenchView(frame, opts)
    .map((l) => paintLine(l, paint))
    .join('\n');
}
