import type { BaselineComparison, BenchResult } from '../bench/index.js';
import { describeRun } from '../ui/load-caption.js';
import { reportAssets, type ReportAssets } from './assets.js';
import { buildReportModel, type ReportModel } from './build-model.js';
import type { Chart, ChartSection } from './chart-types.js';
import {
  baselineHtml,
  baselineSummaryHtml,
  figuresHtml,
  healthHtml,
  settingsHtml,
  sloHtml,
  sweepHtml,
} from './header-html.js';
import { esc, scriptJson } from './html-text.js';
import type { SweepResult } from './sweep-input.js';

/** Everything one report page shows, with the files it came from. */
export interface ReportPage {
  run?: { doc: BenchResult; sources: string[] } | undefined;
  baseline?: { doc: BenchResult; file: string; comparison: BaselineComparison } | undefined;
  sweeps?: { doc: SweepResult; file: string }[] | undefined;
  /** The shepherd writing the report. */
  version: string;
}

export function reportModel(page: ReportPage): ReportModel {
  return buildReportModel({
    run: page.run?.doc,
    baseline: page.baseline,
    sweeps: page.sweeps?.map((s) => s.doc),
  });
}

function chartFigure(c: Chart): string {
  return `<figure class="chart" id="chart-${esc(c.id)}" data-chart="${esc(c.id)}"><figcaption><h3>${esc(c.title)}</h3><p>${esc(c.note)}</p></figcaption><div class="plot"></div></figure>`;
}

function sectionHtml(s: ChartSection, after = ''): string {
  const body =
    s.charts.length > 0
      ? `<div class="chart-grid">${s.charts.map(chartFigure).join('\n')}</div>`
      : `<p class="muted">${esc(s.empty ?? 'Nothing to show.')}</p>`;
  return `<section class="charts" id="section-${esc(s.id)}"><h2>${esc(s.title)}</h2>\n${body}${after}</section>`;
}

/** The chart sections; the baseline's table of every comparison goes under its charts. */
function sectionsHtml(page: ReportPage, model: ReportModel): string {
  return model.sections
    .map((s) =>
      s.id === 'baseline' && page.baseline
        ? sectionHtml(s, baselineHtml(page.baseline.comparison, page.baseline.file))
        : sectionHtml(s),
    )
    .join('\n');
}

function headline(page: ReportPage): { title: string; subtitle: string } {
  const run = page.run?.doc;
  if (run) {
    return {
      title: `shepherd bench · ${run.targets.map((t) => t.name).join(', ')}`,
      subtitle: describeRun(run),
    };
  }
  const sweep = page.sweeps?.[0]?.doc;
  return {
    title: `shepherd bench sweep · ${sweep?.targets.map((t) => t.name).join(', ') ?? ''}`,
    subtitle: sweep ? `${sweep.kind} sweep · started ${sweep.started_at}` : '',
  };
}

function blocksHtml(page: ReportPage): string {
  const blocks: string[] = [];
  if (page.run) {
    const run = page.run.doc;
    blocks.push(
      settingsHtml(run, page.run.sources),
      healthHtml(run),
      sloHtml(run),
      figuresHtml(run),
    );
  }
  if (page.baseline) blocks.push(baselineSummaryHtml(page.baseline.comparison, page.baseline.file));
  for (const s of page.sweeps ?? []) blocks.push(sweepHtml(s.doc, s.file));
  return `<div class="blocks">${blocks.join('\n')}</div>`;
}

/** Escapes what could end an inline element early (`</script`, `</style`). */
function inline(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</${tag}`, 'gi'), `<\\/${tag}`);
}

/**
 * The whole report as one self-contained HTML file: the page script (uPlot included), the
 * stylesheet and the chart data inline, nothing fetched from any other host.
 */
export function renderReportHtml(page: ReportPage, assets: ReportAssets = reportAssets()): string {
  const model = reportModel(page);
  const { title, subtitle } = headline(page);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="shepherd ${esc(page.version)}">
<title>${esc(title)}</title>
<style>${inline(assets.css, 'style')}</style>
</head>
<body>
<main>
<header class="report"><h1>${esc(title)}</h1><p>${esc(subtitle)}</p></header>
${blocksHtml(page)}
${sectionsHtml(page, model)}
<footer>Report written by shepherd ${esc(page.version)}. Charts drawn with uPlot; this file needs no network.</footer>
</main>
<script type="application/json" id="report-data">${scriptJson(model)}</script>
<script>${inline(assets.js, 'script')}</script>
</body>
</html>
`;
}
