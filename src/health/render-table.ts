import Table from 'cli-table3';
import { formatUsd } from '../config/money.js';
import { totalCostUsd, unpricedModels } from './cost.js';
import type { ProbeKind, ProbeResult } from './types.js';

/** The health table for stdout, as a string (units in the headers). */

const DETAIL_MAX = 100;

export function renderTable(results: readonly ProbeResult[], kind: ProbeKind): string {
  const t = new Table({
    head: ['model', 'status', 'latency (ms)', 'HTTP', 'class', 'detail'],
    style: { head: [], border: [], compact: true },
  });
  for (const r of results) {
    t.push([
      r.model,
      r.cancelled ? 'down (cancelled)' : r.status,
      r.latencyMs === undefined ? '-' : String(Math.round(r.latencyMs)),
      r.httpStatus === undefined ? '-' : String(r.httpStatus),
      r.cls ?? '-',
      truncate(detail(r, kind)),
    ]);
  }
  return `${t.toString()}\n`;
}

/** `3 models: 2 up, 0 degraded, 1 down` plus the probe cost for completion probes. */
export function renderFooter(results: readonly ProbeResult[], kind: ProbeKind): string {
  const count = (s: string): number => results.filter((r) => r.status === s).length;
  const n = results.length;
  let text = `${n} model${n === 1 ? '' : 's'}: ${count('up')} up, ${count('degraded')} degraded, ${count('down')} down (${kind} probe)`;
  if (kind === 'completion') {
    const total = totalCostUsd(results);
    const unpriced = unpricedModels(results);
    text += `; probe cost ${total === null ? 'unknown' : formatUsd(total)}`;
    if (unpriced.length > 0)
      text += ` (without ${unpriced.join(', ')}: unpriced or no usage reported)`;
  }
  return `${text}\n`;
}

function detail(r: ProbeResult, kind: ProbeKind): string {
  if (r.message) return r.message;
  if (kind === 'completion' && r.ttftMs !== undefined)
    return `first token ${Math.round(r.ttftMs)} ms`;
  if (kind === 'models') return 'listed';
  return '';
}

function truncate(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > DETAIL_MAX ? `${line.slice(0, DETAIL_MAX - 1)}…` : line;
}
