import {
  belowTargetRate,
  errorTotal,
  type BenchResult,
  type FigureSummaryJson,
  type SloResult,
  type TargetResult,
} from '../bench/index.js';
import { errorTone, painter, successTone, type Painter, type Tone } from './color.js';
import { padCells, textWidth } from './cells.js';
import {
  formatCount,
  formatMs,
  formatMsNumber,
  formatPercentNumber,
  formatRate,
  formatTargetRate,
  NO_DATA,
} from './format.js';
import { describeRun } from './load-caption.js';
import { fitTable, wrapItems, wrapLine, type CellValue, type TableColumn } from './table.js';
import { renderLengthTable, renderTurnTable } from './workload-summary.js';
import { renderRouteSummary } from './route-summary.js';

/**
 * The final summary of a bench run, for stdout: a caption, the figures of every
 * target, errors by class and SLO results. Client warnings and caveats are notes, for stderr
 * (SPEC §4): see renderBenchNotes.
 *
 * Layout: one table, a row per target, fitted to `columns` as the live view is: the least
 * useful figures are dropped first (`drop`, highest first) and named in a note below, target
 * names wrap. Every header carries its unit. A figure added here (by any feature) only needs
 * its `drop` rank.
 */

export interface SummaryOptions {
  color: boolean;
  /** The widest a line may be; default 80 (`Infinity` with --wide). */
  columns?: number | undefined;
}

interface Figure {
  /** Column header, unit included (wraps between words when narrow). */
  wide: string;
  /** 0: never dropped; higher numbers are dropped first. */
  drop: number;
  value(t: TargetResult): string;
  tone?(t: TargetResult): Tone;
}

function successOf(t: TargetResult): number | null {
  return t.requests - t.cancelled > 0 ? t.success_rate : null;
}

function errorCount(t: TargetResult): number {
  return errorTotal(t.errors);
}

/** --goodput: good requests per second and their share of completed requests. */
function goodputFigures(result: BenchResult): Figure[] {
  if ((result.goodput ?? []).length === 0) return [];
  return [
    {
      wide: 'good req/s',
      drop: 2,
      value: (t) => (t.goodput_rps === undefined ? NO_DATA : formatRate(t.goodput_rps)),
    },
    {
      wide: 'good %',
      // asked for with --goodput: kept at any width
      drop: 0,
      value: (t) =>
        formatPercentNumber(
          t.good_rate === undefined || successOf(t) === null ? null : t.good_rate,
        ),
    },
  ];
}

function figures(result: BenchResult): Figure[] {
  const ts = result.targets;
  const out: Figure[] = [
    { wide: 'requests', drop: 0, value: (t) => formatCount(t.requests) },
    { wide: 'ok', drop: 9, value: (t) => formatCount(t.ok) },
    {
      wide: 'errors',
      drop: 3,
      value: (t) => formatCount(errorCount(t)),
      tone: (t) => errorTone(errorCount(t), successOf(t)),
    },
  ];
  if (ts.some((t) => t.cancelled > 0)) {
    out.push({ wide: 'cancelled', drop: 8, value: (t) => formatCount(t.cancelled) });
  }
  out.push(
    {
      wide: 'success %',
      drop: 0,
      value: (t) => formatPercentNumber(successOf(t)),
      tone: (t) => successTone(successOf(t)),
    },
    {
      wide: 'req/s',
      drop: 0,
      value: (t) => formatRate(t.throughput_rps),
      tone: (t) => (belowTargetRate(t.throughput_rps, t.target_rps) ? 'bad' : 'plain'),
    },
  );
  out.push(...goodputFigures(result));
  if (ts.some((t) => t.target_rps !== null)) {
    out.push({ wide: 'target req/s', drop: 4, value: (t) => formatTargetRate(t.target_rps) });
  }
  out.push({
    wide: 'tok/s',
    drop: 6,
    value: (t) => (t.tokens_source === 'chunks' ? '~' : '') + formatRate(t.output_tokens_per_s),
  });
  const lat = [
    ['p50', 'p50', 0],
    ['p90', 'p90', 10],
    ['p95', 'p95', 7],
    ['p99', 'p99', 0],
    ['p999', 'p99.9', 12],
    ['max', 'max', 11],
  ] as const;
  for (const [key, name, drop] of lat) {
    out.push({ wide: `${name} ms`, drop, value: (t) => msCell(t.latency_ms, key) });
  }
  const streaming = [
    ['ttft', 'ttft_ms', 'p50', 5],
    ['ttft', 'ttft_ms', 'p99', 13],
    ['itl', 'itl_ms', 'p50', 14],
    ['tpot', 'tpot_ms', 'p50', 15],
  ] as const;
  for (const [name, key, stat, drop] of streaming) {
    out.push({
      wide: `${name} ${stat} ms`,
      drop,
      value: (t) => msCell(t[key], stat),
    });
  }
  return out;
}

/** Marks a percentile the sample cannot support (fewer than 5 samples at or beyond it). */
export const THIN_MARK = '*';

/** A millisecond figure, marked when the sample is too thin for that percentile. */
function msCell(block: FigureSummaryJson, key: keyof FigureSummaryJson): string {
  const value = block[key];
  const text = formatMsNumber(typeof value === 'number' ? value : null);
  const thin = (block.thin as readonly string[] | undefined)?.includes(String(key)) === true;
  return thin && typeof value === 'number' ? `${text}${THIN_MARK}` : text;
}

/** The footnote under a table with marked figures. */
export function thinNote(result: BenchResult): string | undefined {
  const marked = result.targets.some((t) =>
    [t.latency_ms, t.ttft_ms, t.itl_ms, t.tpot_ms].some((b) => (b.thin ?? []).length > 0),
  );
  return marked
    ? `${THIN_MARK} too few requests for this percentile (at least 5 at or beyond it: p90 needs 50, p95 100, p99 500, p99.9 5000); it is close to the max, so read it as an upper bound`
    : undefined;
}

/** The figures table: one row per target, fitted to the width; dropped figures are named. */
export function renderSummaryTables(result: BenchResult, options: SummaryOptions): string {
  const columns = options.columns ?? 80;
  const paint = painter(options.color);
  if (result.targets.length === 0) return 'no targets were measured';
  const figs = figures(result);
  const cols: TableColumn[] = [
    { header: 'target', wrap: true, minWidth: 12 },
    ...figs.map((f): TableColumn => ({ header: f.wide, align: 'right', drop: f.drop })),
  ];
  const rows = result.targets.map((t): CellValue[] => [
    t.name,
    ...figs.map((f) => ({ text: f.value(t), tone: f.tone?.(t) ?? 'plain' })),
  ]);
  const { text, hidden } = fitTable(cols, rows, { columns, paint });
  if (hidden.length === 0) return text;
  const note = wrapItems(
    [
      `not shown at ${columns} columns:`,
      ...hidden.map((h) => h.replace(/ ms$/, '')),
      '(--wide or --json shows every figure)',
    ],
    columns,
    ' ',
    '  ',
  );
  return `${text}\n${paint('dim', note.join('\n'))}`;
}

/**
 * `claude-sonnet-4.5  rate_limited 3 · timeout 1` per target with errors. Lines wrap between
 * items, never inside one; a name too long to leave room goes on a line of its own.
 */
export function renderErrorsByClass(
  result: BenchResult,
  paint: Painter,
  columns = Infinity,
): string[] {
  const failing = result.targets.filter((t) => errorCount(t) > 0);
  if (failing.length === 0) return [];
  const width = Math.max(...failing.map((t) => textWidth(t.name)));
  const lines = [paint('bold', 'errors by class')];
  const sideBySide = width + 4 + 24 <= columns;
  for (const t of failing) {
    const items = Object.entries(t.errors)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([c, n]) => `${c} ${formatCount(n)}`);
    const tone = errorTone(errorCount(t), successOf(t));
    const lead = sideBySide ? `  ${padCells(t.name, width)}  ` : '    ';
    if (!sideBySide) lines.push(`  ${t.name}`);
    const wrapped = wrapItems(items, columns - lead.length, ' · ');
    wrapped.forEach((l, i) =>
      lines.push(`${i === 0 ? lead : ' '.repeat(lead.length)}${paint(tone, l)}`),
    );
  }
  return lines;
}

/** An SLO value in the term's own unit: `742 ms`, `97.1%`, `8.3 req/s`; `no data` when null. */
export function formatSloValue(slo: SloResult): string {
  if (slo.value === null) return 'no data';
  switch (slo.kind) {
    case 'figure':
      return formatMs(slo.value);
    case 'success':
    case 'error_rate':
    case 'goodput':
      return `${Number(slo.value.toFixed(2))}%`;
    case 'goodput_rps':
      return `${formatRate(slo.value)} good req/s`;
    case 'throughput':
      return `${formatRate(slo.value)} req/s`;
    case 'tokens_per_s':
      return `${formatRate(slo.value)} tok/s`;
    default:
      return String(slo.value);
  }
}

export function renderSloLines(result: BenchResult, paint: Painter): string[] {
  if (result.slo.length === 0) return [];
  const met = result.slo.filter((s) => s.ok).length;
  const termW = Math.max(...result.slo.map((s) => s.term.length));
  const targetW = Math.max(0, ...result.slo.map((s) => (s.target ?? '').length));
  const unjudged = result.slo.filter((s) => s.verdict === 'too_few_samples').length;
  const head = `SLO: ${met} of ${result.slo.length} checks met${unjudged > 0 ? `, ${unjudged} not judged (too few samples)` : ''}`;
  const tone =
    met === result.slo.length ? 'good' : met + unjudged === result.slo.length ? 'warn' : 'bad';
  const lines = [paint(tone, head)];
  for (const s of result.slo) {
    const thin = s.verdict === 'too_few_samples';
    const mark = s.ok ? paint('good', '✓') : thin ? paint('warn', '?') : paint('bad', '✗');
    const target = targetW > 0 ? `  ${(s.target ?? '').padEnd(targetW)}` : '';
    const why = thin ? `  (not judged: needs ${s.samples_needed ?? '?'} ok requests)` : '';
    lines.push(`  ${mark} ${s.term.padEnd(termW)}${target}  ${formatSloValue(s)}${why}`);
  }
  return lines;
}

/** The summary for stdout: caption, figures table(s), errors by class, SLO results. */
export function renderBenchSummary(result: BenchResult, options: SummaryOptions): string {
  const paint = painter(options.color);
  const blocks = [
    wrapLine(
      paint('heading', 'shepherd bench') + paint('dim', ` · ${describeRun(result)}`),
      options.columns ?? 80,
    ),
    renderSummaryTables(result, options),
  ];
  const columns = options.columns ?? 80;
  const thin = thinNote(result);
  if (thin) blocks[1] += `\n${paint('dim', wrapLine(thin, columns))}`;
  const lengths = renderLengthTable(result, paint, columns);
  if (lengths) blocks.push(lengths);
  const turns = renderTurnTable(result, paint, columns);
  if (turns) blocks.push(turns);
  const errors = renderErrorsByClass(result, paint, columns);
  if (errors.length > 0) blocks.push(errors.join('\n'));
  blocks.push(...renderRouteSummary(result, options));
  const slo = renderSloLines(result, paint);
  if (slo.length > 0) blocks.push(slo.join('\n'));
  return blocks.join('\n\n') + '\n';
}

/**
 * Notes for stderr after the summary: the client's self-check warnings (loud: they mean the
 * numbers may describe the client, not the server), token counts from chunks, an early stop.
 * '' when there is nothing to say.
 */
export function renderBenchNotes(
  result: BenchResult,
  options: { color: boolean; shownWarnings?: ReadonlySet<string> },
): string {
  const paint = painter(options.color);
  const lines: string[] = [];
  // Each warning is printed once: those the progress display already showed are not repeated.
  for (const w of result.client.warnings) {
    if (!options.shownWarnings?.has(w)) lines.push(paint('warn', `⚠ warning: ${w}`));
  }
  const chunked = result.targets.filter((t) => t.tokens_source === 'chunks').map((t) => t.name);
  if (chunked.length > 0) {
    lines.push(
      `note: ${chunked.join(', ')}: the server sent no usage, so output tokens were counted from stream chunks; tok/s (marked ~) and tpot are approximate`,
    );
  }
  if (result.interrupted) {
    lines.push(
      `note: the run was stopped early after ${result.duration_s.toFixed(1)} s; the figures cover the requests that finished`,
    );
  }
  if (result.targets.some((t) => t.latency_ms.count === 0)) {
    const none = result.targets.filter((t) => t.latency_ms.count === 0).map((t) => t.name);
    lines.push(
      `note: ${none.join(', ')}: no successful request, so no latency figures (${NO_DATA})`,
    );
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
