import {
  errorTotal,
  type BaselineComparison,
  type BaselineRow,
  type BenchResult,
  type TargetResult,
} from '../bench/index.js';
import { formatSloValue } from '../ui/bench-summary.js';
import { formatCount, formatMs, formatMsNumber, formatPercent, formatRate } from '../ui/format.js';
import { describeLoad } from '../ui/load-caption.js';
import { esc, facts, table } from './html-text.js';
import { targetColor } from './palette.js';
import type { SweepResult } from './sweep-input.js';

/** The blocks above the charts: settings, client health, SLO verdicts, figures, baseline, sweeps. */

function swatch(index: number): string {
  return `<span class="swatch" style="background:${targetColor(index)}"></span>`;
}

export function settingsHtml(run: BenchResult, sources: readonly string[]): string {
  const l = run.load;
  const items: [string, string][] = [
    ['load', esc(describeLoad(l))],
    ['measured', esc(`${run.duration_s.toFixed(2)} s${run.interrupted ? ' (stopped early)' : ''}`)],
    ['started', esc(run.started_at)],
  ];
  if (typeof l.requests === 'number')
    items.push(['requests per target', esc(formatCount(l.requests))]);
  if (typeof l.planned_duration_s === 'number')
    items.push(['planned duration', esc(`${l.planned_duration_s} s`)]);
  items.push(['warm-up', esc(l.warmup === null ? 'none' : String(l.warmup))]);
  if (l.stream !== undefined) items.push(['streaming', l.stream ? 'yes' : 'no']);
  if (l.seed !== undefined) items.push(['seed', esc(l.seed)]);
  items.push(['results', esc(sources.join(', '))]);
  items.push(['written by', esc(`shepherd ${run.tool.version}`)]);
  const targets = run.targets.map((t, i) => [
    `${swatch(i)}${esc(t.name)}`,
    esc(t.model),
    esc(t.base_url),
  ]);
  return `<section class="block"><h2>Settings</h2>${facts(items)}${table(['target', 'model', 'base URL'], targets)}</section>`;
}

export function healthHtml(run: BenchResult): string {
  const lag = run.client.event_loop_lag_ms;
  const warnings = run.client.warnings;
  const busy = lag.p99 !== null && lag.p99 > 10;
  const items: [string, string][] = [
    [
      'event-loop lag',
      `<span class="${busy ? 'bad' : 'good'}">${esc(`p99 ${formatMs(lag.p99)} · max ${formatMs(lag.max)}`)}</span>`,
    ],
    [
      'warnings',
      warnings.length === 0 ? '<span class="good">none</span>' : esc(String(warnings.length)),
    ],
  ];
  const list =
    warnings.length > 0
      ? `<ul class="warnings">${warnings.map((w) => `<li>⚠ ${esc(w)}</li>`).join('')}</ul>`
      : '';
  return `<section class="block"><h2>Client health</h2>${facts(items)}${list}</section>`;
}

export function sloHtml(run: BenchResult): string {
  if (run.slo.length === 0) {
    return '<section class="block"><h2>SLO</h2><p class="muted">No SLO was given (<code>--slo</code>).</p></section>';
  }
  const met = run.slo.filter((s) => s.ok).length;
  const rows = run.slo.map((s) => [
    s.ok ? '<span class="good">✓ met</span>' : '<span class="bad">✗ violated</span>',
    esc(s.target ?? 'all'),
    `<code>${esc(s.term)}</code>`,
    esc(formatSloValue(s)),
  ]);
  const verdict = met === run.slo.length ? 'good' : 'bad';
  return `<section class="block wide"><h2>SLO <span class="${verdict}">${met} of ${run.slo.length} met</span></h2>${table(['verdict', 'target', 'term', 'value'], rows)}</section>`;
}

function figureCells(t: TargetResult): string[] {
  return [
    t.latency_ms.p50,
    t.latency_ms.p90,
    t.latency_ms.p99,
    t.ttft_ms.p50,
    t.ttft_ms.p99,
    t.itl_ms.p50,
  ].map((v) => esc(formatMsNumber(v)));
}

export function figuresHtml(run: BenchResult): string {
  const rows = run.targets.map((t, i) => {
    const errors = errorTotal(t.errors);
    const classes = Object.entries(t.errors)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    return [
      `${swatch(i)}${esc(t.name)}`,
      esc(formatCount(t.requests)),
      esc(formatPercent(t.success_rate)),
      errors > 0
        ? `<span class="bad" title="${esc(classes)}">${esc(formatCount(errors))}</span>`
        : '0',
      esc(formatRate(t.throughput_rps)),
      esc(`${t.tokens_source === 'chunks' ? '~' : ''}${formatRate(t.output_tokens_per_s)}`),
      ...figureCells(t),
    ];
  });
  const head = [
    'target',
    'requests',
    'ok',
    'errors',
    'req/s',
    'tok/s',
    'latency p50 (ms)',
    'p90',
    'p99',
    'TTFT p50 (ms)',
    'p99',
    'ITL p50 (ms)',
  ];
  return `<section class="block wide"><h2>Figures</h2>${table(
    head,
    rows,
    head.map((_, i) => i > 0),
  )}</section>`;
}

function baselineCell(row: BaselineRow, v: number | null): string {
  if (row.figure === 'success_rate') return esc(formatPercent(v));
  if (row.figure === 'throughput_rps') return esc(`${formatRate(v)} req/s`);
  return esc(formatMs(v));
}

function verdictCell(row: BaselineRow): string {
  if (row.regression) return '<span class="bad">regression</span>';
  if (!row.judged) return '<span class="muted">too few samples</span>';
  return row.significant
    ? '<span class="warn">beyond noise</span>'
    : '<span class="good">within noise</span>';
}

function baselineRows(rows: readonly BaselineRow[]): string {
  const cells = rows.map((r) => [
    esc(r.target),
    `<code>${esc(r.figure)}</code>`,
    baselineCell(r, r.baseline),
    baselineCell(r, r.current),
    esc(r.deltaPct === null ? '—' : `${r.deltaPct > 0 ? '+' : ''}${r.deltaPct.toFixed(1)}%`),
    esc(r.ci ? `${formatMsNumber(r.ci.low)} … ${formatMsNumber(r.ci.high)} ms` : '—'),
    verdictCell(r),
  ]);
  return table(
    ['target', 'figure', 'baseline', 'this run', 'change', 'CI of the change', 'verdict'],
    cells,
    [false, false, true, true, true, true, false],
  );
}

/** Above the charts: the verdict, and the rows beyond the noise (regressions first). */
export function baselineSummaryHtml(c: BaselineComparison, file: string): string {
  const notable = [...c.regressions, ...c.rows.filter((r) => r.significant && !r.regression)];
  const verdict =
    c.regressions.length > 0
      ? `<span class="bad">${c.regressions.length} regression${c.regressions.length === 1 ? '' : 's'}</span>`
      : '<span class="good">no regression</span>';
  const body =
    notable.length > 0
      ? baselineRows(notable)
      : '<p class="muted">Every change is within the noise.</p>';
  return `<section class="block wide"><h2>Baseline ${verdict} <span class="muted">${esc(file)} · threshold ${c.maxRegressionPct}%</span></h2>${body}</section>`;
}

/** Under the baseline charts: every comparison (folded on screen, unfolded when printed). */
export function baselineHtml(c: BaselineComparison, file: string): string {
  const unmatched =
    c.unmatched.length > 0
      ? `<p class="muted">Not compared (in one run only): ${esc(c.unmatched.join(', '))}</p>`
      : '';
  return `<details class="block wide all-rows"><summary>All ${c.rows.length} comparisons with ${esc(file)}</summary>${baselineRows(c.rows)}${unmatched}</details>`;
}

function rangeText(range: unknown): string {
  if (typeof range === 'string') return range;
  if (range && typeof range === 'object') {
    const r = range as Record<string, unknown>;
    const lo = r.lo ?? r.from ?? r.min ?? r.low;
    const hi = r.hi ?? r.to ?? r.max ?? r.high;
    if (lo !== undefined && hi !== undefined) return `${String(lo)}..${String(hi)}`;
  }
  return JSON.stringify(range ?? null);
}

function termsText(terms: unknown): string {
  if (Array.isArray(terms)) return terms.length > 0 ? terms.map(String).join(', ') : 'none';
  if (typeof terms === 'string') return terms || 'none';
  return terms === null || terms === undefined ? 'none' : JSON.stringify(terms);
}

function capacityText(t: SweepResult['targets'][number]): string {
  if (!t.capacity) return '—';
  const atEnd = (t.capacity as { at_range_end?: unknown }).at_range_end === true;
  return `${atEnd ? '≥ ' : ''}${t.capacity.load} (${formatRate(t.capacity.throughput_rps)} req/s)`;
}

export function sweepHtml(doc: SweepResult, file: string): string {
  const rows = doc.targets.map((t, i) => [
    `${swatch(i)}${esc(t.name)}`,
    esc(t.steps.length),
    esc(capacityText(t)),
    esc(
      t.saturation
        ? `${t.saturation.load} (${formatRate(t.saturation.throughput_rps)} req/s)`
        : '—',
    ),
  ]);
  const items: [string, string][] = [
    ['sweep', esc(`${doc.kind} ${rangeText(doc.range)}`)],
    ['SLO', `<code>${esc(termsText(doc.slo))}</code>`],
  ];
  if (doc.goodput !== undefined)
    items.push(['goodput', `<code>${esc(termsText(doc.goodput))}</code>`]);
  items.push(['started', esc(doc.started_at)], ['result', esc(file)]);
  if (doc.interrupted === true) items.push(['stopped early', 'yes: the steps found so far']);
  if (doc.tool) items.push(['written by', esc(`shepherd ${doc.tool.version}`)]);
  return `<section class="block wide"><h2>Sweep</h2>${facts(items)}${table(['target', 'steps', 'capacity (load)', 'saturation (load)'], rows, [false, true, true, true])}</section>`;
}
