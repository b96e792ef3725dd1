import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './page.css';
import type { Chart, ChartSection } from '../chart-types.js';
import { chartOptions, PLOT_HEIGHT } from './chart-options.js';

/**
 * The report page's script: reads the chart model inlined in the page and draws every chart
 * with uPlot. Each chart's figure gets `data-points` (x values drawn) and `data-series` once
 * drawn, and the body `data-ready` when all are, so a browser test can check what is shown.
 */

interface Drawn {
  figure: HTMLElement;
  plot: uPlot;
}

/** Width a plot gets on paper (A4/Letter portrait at 96 dpi, less the margins). */
const PRINT_WIDTH = 680;

function plotWidth(figure: HTMLElement): number {
  const box = figure.querySelector<HTMLElement>('.plot');
  return Math.max(280, Math.floor((box ?? figure).clientWidth));
}

function draw(chart: Chart): Drawn | undefined {
  const figure = document.getElementById(`chart-${chart.id}`);
  const box = figure?.querySelector<HTMLElement>('.plot');
  if (!figure || !box) throw new Error(`report: no element for chart ${chart.id}`);
  figure.dataset.series = String(chart.series.length);
  if (chart.x.values.length === 0) {
    box.innerHTML = '<p class="muted empty-chart">No data for this chart.</p>';
    figure.dataset.points = '0';
    return undefined;
  }
  const { opts, data } = chartOptions(chart, plotWidth(figure));
  const plot = new uPlot(opts, data, box);
  figure.dataset.points = String(chart.xy ? chart.x.values.length : plot.data[0].length);
  return { figure, plot };
}

function resizeAll(drawn: readonly Drawn[], width?: number): void {
  for (const d of drawn)
    d.plot.setSize({ width: width ?? plotWidth(d.figure), height: PLOT_HEIGHT });
}

function main(): void {
  const source = document.getElementById('report-data');
  const sections = JSON.parse(source?.textContent ?? '{"sections":[]}').sections as ChartSection[];
  const drawn: Drawn[] = [];
  for (const section of sections) {
    for (const chart of section.charts) {
      const d = draw(chart);
      if (d) drawn.push(d);
    }
  }
  let timer: number | undefined;
  window.addEventListener('resize', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => resizeAll(drawn), 100);
  });
  window.addEventListener('beforeprint', () => {
    // paper has no clicks: unfold every folded table
    for (const d of document.querySelectorAll('details')) d.open = true;
    resizeAll(drawn, PRINT_WIDTH);
  });
  window.addEventListener('afterprint', () => resizeAll(drawn));
  document.body.dataset.ready = 'true';
}

main();
