import type { SweepResult, SweepStep, SweepTarget } from '../bench/index.js';
import { painter, successTone, type Painter } from './color.js';
import {
  formatCompact,
  formatMsNumber,
  formatPercentNumber,
  formatRate,
  formatTargetRate,
} from './format.js';
import { renderTable, wrapLine, type CellValue, type TableColumn } from './table.js';

/**
 * The summary of `bench --sweep` for stdout: per target a table with one row per step (by
 * load), the capacity and the knee marked, then one verdict line per target. Pure: formats
 * the `shepherd.sweep/v1` document only.
 */

export interface SweepSummaryOptions {
  color: boolean;
  /** The widest a line may be; default 80 (`Infinity` with --wide). */
  columns?: number | undefined;
}

/** `12 streams` / `8.5 req/s`: a load in the sweep's unit. */
export function formatLoad(kind: SweepResult['kind'], load: number): string {
  return kind === 'concurrency'
    ? `${load} stream${load === 1 ? '' : 's'}`
    : `${formatTargetRate(load)} req/s`;
}

function marks(t: SweepTarget, step: SweepStep): string {
  const out: string[] = [];
  if (t.capacity?.load === step.load) out.push('capacity');
  if (t.saturation?.load === step.load) out.push('knee');
  return out.length > 0 ? `◀ ${out.join(', ')}` : '';
}

function sloCell(step: SweepStep): CellValue {
  if (step.slo_ok === null) return '';
  return step.slo_ok ? { text: '✓', tone: 'good' } : { text: '✗', tone: 'bad' };
}

function stepTable(doc: SweepResult, t: SweepTarget, paint: Painter, columns: number): string {
  const goodput = doc.goodput.length > 0;
  const hasSlo = doc.slo.length > 0;
  const right = (header: string, drop = 0): TableColumn => ({ header, align: 'right', drop });
  const cols: TableColumn[] = [
    right(doc.kind === 'concurrency' ? 'streams' : 'rate req/s'),
    right('requests', 4),
    right('ok %'),
    right('req/s'),
    ...(goodput ? [right('good req/s')] : []),
    right('latency p50 ms'),
    right('latency p99 ms', 3),
    right('ttft p50 ms', 2),
    right('ttft p99 ms', 5),
    right('itl p50 ms', 6),
    ...(hasSlo ? [right('SLO')] : []),
    { header: '', wrap: true, minWidth: 10 },
  ];
  const rows = t.steps.map((step): CellValue[] => {
    const r = step.result;
    const completed = r.requests - r.cancelled;
    const success = completed > 0 ? r.success_rate : null;
    const mark = marks(t, step);
    return [
      doc.kind === 'concurrency' ? String(step.load) : formatTargetRate(step.load),
      formatCompact(r.requests),
      { text: formatPercentNumber(success), tone: successTone(success) },
      formatRate(r.throughput_rps),
      ...(goodput ? [formatRate(r.goodput_rps ?? null)] : []),
      formatMsNumber(r.latency_ms.p50),
      formatMsNumber(r.latency_ms.p99),
      formatMsNumber(r.ttft_ms.p50),
      formatMsNumber(r.ttft_ms.p99),
      formatMsNumber(r.itl_ms.p50),
      ...(hasSlo ? [sloCell(step)] : []),
      { text: mark, tone: 'accent' },
    ];
  });
  return renderTable(cols, rows, { columns, paint });
}

/** `capacity 24 streams (9.1 req/s, goodput 8.7 req/s) · knee 24 streams (9.2 req/s)`. */
export function verdictText(doc: SweepResult, t: SweepTarget): string {
  const parts: string[] = [];
  const c = t.capacity;
  if (doc.slo.length === 0) parts.push('capacity: no --slo given');
  else if (!c) {
    parts.push(
      t.steps.length === 0
        ? 'capacity: not measured'
        : `capacity: none, the SLO broke even at ${formatLoad(doc.kind, t.steps[0]!.load)}`,
    );
  } else {
    const rates = `${formatRate(c.throughput_rps)} req/s${doc.goodput.length > 0 ? `, goodput ${formatRate(c.goodput_rps)} req/s` : ''}`;
    parts.push(
      `capacity ${c.at_range_end ? '≥ ' : ''}${formatLoad(doc.kind, c.load)} (${rates})${c.at_range_end ? ', the SLO held to the end of the range' : ''}`,
    );
  }
  const s = t.saturation;
  parts.push(
    s
      ? `knee ${formatLoad(doc.kind, s.load)} (${formatRate(s.throughput_rps)} req/s)`
      : 'no knee: throughput still grew at the highest load measured',
  );
  return parts.join(' · ');
}

export function renderSweepSummary(doc: SweepResult, options: SweepSummaryOptions): string {
  const paint = painter(options.color);
  const range = `${doc.kind} ${formatTargetRate(doc.range.lo)}..${formatTargetRate(doc.range.hi)}`;
  const step =
    doc.step.duration_s !== null
      ? `${doc.step.duration_s} s a step`
      : `${doc.step.requests} requests a step`;
  const caption = [
    range,
    step,
    doc.slo.length > 0 ? `SLO ${doc.slo.join(',')}` : 'no SLO',
    ...(doc.goodput.length > 0 ? [`goodput ${doc.goodput.join(',')}`] : []),
    ...(doc.interrupted ? ['stopped early'] : []),
  ].join(' · ');
  const columns = options.columns ?? 80;
  const blocks = [
    wrapLine(paint('heading', 'shepherd bench --sweep') + paint('dim', ` · ${caption}`), columns),
  ];
  for (const t of doc.targets) {
    blocks.push('', paint('bold', t.name));
    blocks.push(
      t.steps.length > 0 ? stepTable(doc, t, paint, columns) : paint('dim', '  no step finished'),
    );
  }
  blocks.push('');
  const width = Math.max(...doc.targets.map((t) => t.name.length));
  for (const t of doc.targets) {
    blocks.push(wrapLine(`${t.name.padEnd(width)}  ${verdictText(doc, t)}`, columns));
  }
  return `${blocks.join('\n')}\n`;
}
