import Table from 'cli-table3';
import {
  belowTargetRate,
  errorTotal,
  type BenchResult,
  type FigureSummaryJson,
  type SloResult,
  type TargetResult,
} from '../bench/index.js';
import { errorTone, painter, stripAnsi, successTone, type Painter, type Tone } from './color.js';
import {
  formatCount,
  formatMs,
  formatMsNumber,
  formatPercentNumber,
  formatRate,
  formatTargetRate,
  NO_DATA,
  padCells,
  textWidth,
} from './format.js';
import { describeRun } from './load-caption.js';
import { renderLengthTable, renderTurnTable } from './workload-summary.js';
import { renderRouteSummary } from './route-summary.js';

/**
 * The final summary of a bench run (cli-table3), for stdout: a caption, the figures of every
 * target, errors by class and SLO results. Client warnings and caveats are notes, for stderr
 * (SPEC §4): see renderBenchNotes.
 *
 * Layout: one row per target when that fits in `columns`; otherwise the table is transposed
 * (a row per figure, a column per target), and split into several tables of targets when even
 * that is too wide. Every header carries its unit.
 */

export interface SummaryOptions {
  color: boolean;
  /** Terminal width; default 100 (also for output that is not a terminal). */
  columns?: number | undefined;
}

interface Figure {
  /** Header in the one-row-per-target table (may hold a line break). */
  wide: string;
  /** Row label in the transposed table. */
  label: string;
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
      wide: 'good\nreq/s',
      label: 'goodput (req/s)',
      value: (t) => (t.goodput_rps === undefined ? NO_DATA : formatRate(t.goodput_rps)),
    },
    {
      wide: 'good\n%',
      label: 'good (%)',
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
    { wide: 'requests', label: 'requests', value: (t) => formatCount(t.requests) },
    { wide: 'ok', label: 'ok', value: (t) => formatCount(t.ok) },
    {
      wide: 'errors',
      label: 'errors',
      value: (t) => formatCount(errorCount(t)),
      tone: (t) => errorTone(errorCount(t), successOf(t)),
    },
  ];
  if (ts.some((t) => t.cancelled > 0)) {
    out.push({ wide: 'cancelled', label: 'cancelled', value: (t) => formatCount(t.cancelled) });
  }
  out.push(
    {
      wide: 'success\n%',
      label: 'success (%)',
      value: (t) => formatPercentNumber(successOf(t)),
      tone: (t) => successTone(successOf(t)),
    },
    {
      wide: 'req/s',
      label: 'req/s',
      value: (t) => formatRate(t.throughput_rps),
      tone: (t) => (belowTargetRate(t.throughput_rps, t.target_rps) ? 'bad' : 'plain'),
    },
  );
  out.push(...goodputFigures(result));
  if (ts.some((t) => t.target_rps !== null)) {
    out.push({
      wide: 'target\nreq/s',
      label: 'target (req/s)',
      value: (t) => formatTargetRate(t.target_rps),
    });
  }
  out.push({
    wide: 'tok/s',
    label: 'tok/s',
    value: (t) => (t.tokens_source === 'chunks' ? '~' : '') + formatRate(t.output_tokens_per_s),
  });
  const lat = [
    ['p50', 'p50'],
    ['p90', 'p90'],
    ['p95', 'p95'],
    ['p99', 'p99'],
    ['p999', 'p99.9'],
    ['max', 'max'],
  ] as const;
  for (const [key, name] of lat) {
    out.push({
      wide: `latency\n${name} ms`,
      label: `latency ${name} (ms)`,
      value: (t) => msCell(t.latency_ms, key),
    });
  }
  const streaming = [
    ['ttft', 'ttft_ms', 'p50'],
    ['ttft', 'ttft_ms', 'p99'],
    ['itl', 'itl_ms', 'p50'],
    ['tpot', 'tpot_ms', 'p50'],
  ] as const;
  for (const [name, key, stat] of streaming) {
    out.push({
      wide: `${name}\n${stat} ms`,
      label: `${name} ${stat} (ms)`,
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

function tableStyle(color: boolean) {
  // compact: no rule between rows (the transposed table has 17 of them)
  return color
    ? { head: ['bold'], border: ['grey'], compact: true }
    : { head: [] as string[], border: [] as string[], compact: true };
}

function cell(fig: Figure, t: TargetResult, paint: Painter): string {
  return paint(fig.tone?.(t) ?? 'plain', fig.value(t));
}

function wideTable(result: BenchResult, figs: Figure[], paint: Painter, color: boolean): string {
  const table = new Table({
    head: ['target', ...figs.map((f) => f.wide)],
    colAligns: ['left', ...figs.map(() => 'right' as const)],
    style: tableStyle(color),
  });
  for (const t of result.targets) table.push([t.name, ...figs.map((f) => cell(f, t, paint))]);
  return table.toString();
}

function transposedTable(
  targets: TargetResult[],
  figs: Figure[],
  paint: Painter,
  color: boolean,
): string {
  const table = new Table({
    head: ['figure', ...targets.map((t) => t.name)],
    colAligns: ['left', ...targets.map(() => 'right' as const)],
    style: tableStyle(color),
  });
  for (const f of figs) table.push([f.label, ...targets.map((t) => cell(f, t, paint))]);
  return table.toString();
}

function widthOf(text: string): number {
  return Math.max(
    0,
    ...stripAnsi(text)
      .split('\n')
      .map((l) => textWidth(l)),
  );
}

/** The figures table(s): wide when it fits, else transposed in as few tables as fit. */
export function renderSummaryTables(result: BenchResult, options: SummaryOptions): string {
  const columns = options.columns ?? 100;
  const paint = painter(options.color);
  const figs = figures(result);
  if (result.targets.length === 0) return 'no targets were measured';
  const wide = wideTable(result, figs, paint, options.color);
  if (widthOf(wide) <= columns) return wide;
  const tables: string[] = [];
  let chunk: TargetResult[] = [];
  let rendered = '';
  for (const t of result.targets) {
    const next = transposedTable([...chunk, t], figs, paint, options.color);
    if (chunk.length > 0 && widthOf(next) > columns) {
      tables.push(rendered);
      chunk = [t];
      rendered = transposedTable(chunk, figs, paint, options.color);
    } else {
      chunk.push(t);
      rendered = next;
    }
  }
  tables.push(rendered);
  return tables.join('\n');
}

/** `claude-sonnet-4.5  rate_limited 3 · timeout 1` per target with errors. */
export function renderErrorsByClass(result: BenchResult, paint: Painter): string[] {
  const failing = result.targets.filter((t) => errorCount(t) > 0);
  if (failing.length === 0) return [];
  const width = Math.max(...failing.map((t) => textWidth(t.name)));
  const lines = [paint('bold', 'errors by class')];
  for (const t of failing) {
    const classes = Object.entries(t.errors)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([c, n]) => `${c} ${formatCount(n)}`)
      .join(' · ');
    lines.push(
      `  ${padCells(t.name, width)}  ${paint(errorTone(errorCount(t), successOf(t)), classes)}`,
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
    paint('heading', 'shepherd bench') + paint('dim', ` · ${describeRun(result)}`),
    renderSummaryTables(result, options),
  ];
  const thin = thinNote(result);
  if (thin) blocks[1] += `\n${paint('dim', thin)}`;
  const lengths = renderLengthTable(result, paint);
  if (lengths) blocks.push(lengths);
  const turns = renderTurnTable(result);
  if (turns) blocks.push(turns);
  const errors = renderErrorsByClass(result, paint);
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
