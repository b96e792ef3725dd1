import { formatUsd } from '../config/money.js';
import { totalCostUsd, unpricedModels } from '../health/cost.js';
import type { ProbeKind, ProbeResult, HealthStatus } from '../health/types.js';
import type { Painter, Tone } from './color.js';
import { clip, textWidth } from './cells.js';
import { renderTable as fitTable, wrapLine, type CellValue, type TableColumn } from './table.js';

/**
 * The health table for stdout (units in the headers), fitted to `columns`: the detail wraps
 * in its column; at 80 columns HTTP goes first, then the class, then the detail.
 * Status is coloured: up green, degraded yellow, down red.
 */

export interface HealthLooks {
  columns: number;
  paint: Painter;
}

const COLUMNS: TableColumn[] = [
  { header: 'model' },
  { header: 'status' },
  { header: 'latency (ms)', align: 'right' },
  { header: 'HTTP', align: 'right', drop: 3 },
  { header: 'class', drop: 2 },
  { header: 'detail', wrap: true, minWidth: 20, drop: 1 },
];

export function statusTone(status: HealthStatus | string): Tone {
  return status === 'up' ? 'good' : status === 'degraded' ? 'warn' : 'bad';
}

function row(r: ProbeResult, kind: ProbeKind): CellValue[] {
  return [
    r.model,
    { text: r.cancelled ? 'down (cancelled)' : r.status, tone: statusTone(r.status) },
    r.latencyMs === undefined ? '-' : String(Math.round(r.latencyMs)),
    r.httpStatus === undefined ? '-' : String(r.httpStatus),
    r.cls ?? '-',
    firstLine(detail(r, kind)),
  ];
}

export function renderHealthTable(
  results: readonly ProbeResult[],
  kind: ProbeKind,
  looks: HealthLooks,
): string {
  const rows = results.map((r) => row(r, kind));
  return `${fitTable(COLUMNS, rows, { columns: looks.columns, paint: looks.paint })}\n`;
}

/**
 * One model's line as its probe finishes (a round that takes more than a second): the same
 * cells as a table row, on one line (no newline).
 */
export function renderProbeLine(r: ProbeResult, kind: ProbeKind, looks: HealthLooks): string {
  const cells = row(r, kind);
  const text = (c: CellValue | undefined): string => (typeof c === 'string' ? c : (c?.text ?? ''));
  const status = cells[1] as { text: string; tone: Tone };
  const latency = r.latencyMs === undefined ? '' : ` ${Math.round(r.latencyMs)} ms`;
  const why =
    r.status === 'up'
      ? ''
      : ` ${[text(cells[4]), text(cells[5])].filter((s) => s && s !== '-').join(': ')}`;
  const room = looks.columns - textWidth(`${r.model}: ${status.text}${latency}`);
  const tail = Number.isFinite(room) ? clip(why, Math.max(1, room)) : why;
  return `${r.model}: ${looks.paint(status.tone, status.text)}${latency}${tail}`;
}

/** `3 models: 2 up, 0 degraded, 1 down` plus the probe cost for completion probes. */
export function renderFooter(
  results: readonly ProbeResult[],
  kind: ProbeKind,
  paint: Painter = (_t, s) => s,
  columns = Infinity,
): string {
  const count = (s: string): number => results.filter((r) => r.status === s).length;
  const n = results.length;
  const part = (s: HealthStatus): string => {
    const c = count(s);
    return c > 0 ? paint(statusTone(s), `${c} ${s}`) : `${c} ${s}`;
  };
  let text = `${n} model${n === 1 ? '' : 's'}: ${part('up')}, ${part('degraded')}, ${part('down')} (${kind} probe)`;
  if (kind === 'completion') {
    const total = totalCostUsd(results);
    const unpriced = unpricedModels(results);
    text += `; probe cost ${total === null ? 'unknown' : formatUsd(total)}`;
    if (unpriced.length > 0)
      text += ` (without ${unpriced.join(', ')}: unpriced or no usage reported)`;
  }
  return `${wrapLine(text, columns)}\n`;
}

function detail(r: ProbeResult, kind: ProbeKind): string {
  if (r.message) return r.message;
  if (kind === 'completion' && r.ttftMs !== undefined)
    return `first token ${Math.round(r.ttftMs)} ms`;
  if (kind === 'models') return 'listed';
  return '';
}

const DETAIL_MAX = 200;

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > DETAIL_MAX ? `${line.slice(0, DETAIL_MAX - 1)}…` : line;
}
