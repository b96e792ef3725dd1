import {
  decodeHistograms,
  type BaselineComparison,
  type Figure,
  type BenchResult,
} from '../bench/index.js';
import { deltaChart } from './baseline-view.js';
import { cdfChart, type CdfCurve } from './cdf.js';
import type { ChartSection } from './chart-types.js';
import {
  alignTimelines,
  errorsOverTime,
  percentilesOverTime,
  rateOverTime,
  type TimelineCurve,
} from './over-time.js';
import { BASELINE_DASH, targetColor } from './palette.js';
import type { SweepResult } from './sweep-input.js';
import { sweepLatencyChart, sweepThroughputChart, sweepTtftChart } from './sweep-view.js';

/** What a report shows: a run (one, or shards merged), its baseline, and sweeps. */
export interface ReportInput {
  run?: BenchResult | undefined;
  baseline?: { doc: BenchResult; comparison: BaselineComparison } | undefined;
  sweeps?: readonly SweepResult[] | undefined;
}

export interface ReportModel {
  sections: ChartSection[];
}

const CDFS: { figure: Figure; title: string; what: string }[] = [
  { figure: 'latency', title: 'Latency distribution', what: 'dispatch to the last byte' },
  {
    figure: 'ttft',
    title: 'Time to first token distribution',
    what: 'dispatch to the first content token',
  },
  {
    figure: 'itl',
    title: 'Inter-token latency distribution',
    what: 'gaps between content chunks; tokens that came in one read have a gap of 0, drawn at 1 µs',
  },
];

/** Charts per view, from the documents alone (pure): equal inputs give equal chart data. */
export function buildReportModel(input: ReportInput): ReportModel {
  const sections: ChartSection[] = [];
  if (input.run) {
    sections.push(distributions(input.run, input.baseline?.doc));
    sections.push(overTime(input.run));
    if (input.baseline) sections.push(baselineSection(input.run, input.baseline.comparison));
  }
  const sweeps = input.sweeps ?? [];
  sweeps.forEach((doc, i) => sections.push(sweepSection(doc, sweeps.length > 1 ? i + 1 : 0)));
  return { sections };
}

function distributions(run: BenchResult, baseline: BenchResult | undefined): ChartSection {
  const curves = (doc: BenchResult, figure: Figure, dashed: boolean): CdfCurve[] =>
    doc.targets.map((t) => {
      const index = run.targets.findIndex((r) => r.name === t.name);
      return {
        label: dashed ? `${t.name} (baseline)` : t.name,
        color: targetColor(index >= 0 ? index : run.targets.length),
        dash: dashed ? BASELINE_DASH : undefined,
        buckets: decodeHistograms(t, dashed ? 'baseline' : 'result')[figure].buckets(),
      };
    });
  return {
    id: 'distributions',
    title: 'Distributions',
    charts: CDFS.map(({ figure, title, what }) =>
      cdfChart(
        `cdf-${figure}`,
        title,
        `Share of ok requests at or below each value (${what}), exact from the HDR histograms${baseline ? '; the baseline run dashed' : ''}.`,
        [...curves(run, figure, false), ...(baseline ? curves(baseline, figure, true) : [])],
      ),
    ),
  };
}

function overTime(run: BenchResult): ChartSection {
  const section: ChartSection = { id: 'over-time', title: 'Over time', charts: [] };
  const curves: TimelineCurve[] = [];
  run.targets.forEach((t, i) => {
    if (t.timeline) curves.push({ name: t.name, color: targetColor(i), timeline: t.timeline });
  });
  if (curves.length === 0 || curves.length < run.targets.length) {
    section.empty = 'This result has no time series (it was written by an older shepherd).';
    return section;
  }
  const a = alignTimelines(curves, run.duration_s);
  section.charts = [
    percentilesOverTime(a, 'latency', 'latency-over-time', 'Latency p50 / p99 over time'),
    percentilesOverTime(a, 'ttft', 'ttft-over-time', 'TTFT p50 / p99 over time'),
    rateOverTime(a, 'requests'),
    rateOverTime(a, 'tokens'),
    errorsOverTime(a),
  ];
  return section;
}

function baselineSection(run: BenchResult, comparison: BaselineComparison): ChartSection {
  const targets = run.targets.map((t, i) => ({ name: t.name, color: targetColor(i) }));
  return {
    id: 'baseline',
    title: 'Against the baseline',
    charts: [deltaChart(comparison, 'latency', targets), deltaChart(comparison, 'ttft', targets)],
  };
}

function sweepSection(doc: SweepResult, n: number): ChartSection {
  const id = n > 0 ? `sweep-${n}` : 'sweep';
  return {
    id,
    title: `Sweep of ${doc.kind}${n > 0 ? ` (${n})` : ''}`,
    charts: [
      sweepThroughputChart(doc, `${id}-throughput`),
      sweepTtftChart(doc, `${id}-ttft`),
      sweepLatencyChart(doc, `${id}-latency`),
    ],
  };
}
