import type { Chart, ChartMark, ChartSeries } from './chart-types.js';
import { SECOND_DASH, targetColor } from './palette.js';
import type { SweepResult, SweepTarget } from './sweep-input.js';

/**
 * The sweep views: throughput and goodput against load, TTFT against load, and latency against
 * throughput, with each target's knee marked. Points are the steps (bisection steps included),
 * ordered by their x; one colour per target.
 */

type Step = SweepTarget['steps'][number];

/** Distinct sorted x values of every target's steps. */
function unionX(targets: readonly SweepTarget[], x: (s: Step) => number): number[] {
  return [...new Set(targets.flatMap((t) => t.steps.map(x)))].sort((a, b) => a - b);
}

/** A series' values on the union x: the step at that x (the last one run there), else null. */
function valuesOn(
  xs: readonly number[],
  steps: readonly Step[],
  x: (s: Step) => number,
  y: (s: Step) => number | null | undefined,
): (number | null)[] {
  const at = new Map<number, number | null>();
  for (const s of steps) at.set(x(s), y(s) ?? null);
  return xs.map((v) => (at.has(v) ? (at.get(v) as number | null) : null));
}

const loadOf = (s: Step): number => s.load;
const throughputOf = (s: Step): number => s.result.throughput_rps;

function loadWord(doc: SweepResult): string {
  return doc.kind === 'concurrency' ? 'concurrency (requests in flight)' : 'offered rate (req/s)';
}

function kneeMarks(doc: SweepResult, on: 'load' | 'throughput'): ChartMark[] {
  const marks: ChartMark[] = [];
  doc.targets.forEach((t, i) => {
    const color = targetColor(i);
    if (t.saturation) {
      const x = on === 'load' ? t.saturation.load : t.saturation.throughput_rps;
      marks.push({ x, label: `${t.name} saturation`, color });
    }
    if (t.capacity && on === 'load') {
      marks.push({ x: t.capacity.load, label: `${t.name} capacity`, color });
    }
  });
  return marks;
}

export function sweepThroughputChart(doc: SweepResult, id: string): Chart {
  const xs = unionX(doc.targets, loadOf);
  const hasGoodput = doc.targets.some((t) =>
    t.steps.some((s) => typeof s.result.goodput_rps === 'number'),
  );
  const series: ChartSeries[] = [];
  doc.targets.forEach((t, i) => {
    const color = targetColor(i);
    series.push({
      label: `${t.name} throughput`,
      color,
      style: 'line',
      values: valuesOn(xs, t.steps, loadOf, throughputOf),
    });
    if (hasGoodput) {
      series.push({
        label: `${t.name} goodput`,
        color,
        dash: SECOND_DASH,
        style: 'line',
        values: valuesOn(xs, t.steps, loadOf, (s) => s.result.goodput_rps),
      });
    }
  });
  return {
    id,
    title: 'Throughput and goodput against load',
    note: `Completed${hasGoodput ? ' and good' : ''} requests per second at each step; the lines mark where throughput stopped growing (saturation) and the highest load at which the SLO held (capacity).`,
    x: { label: loadWord(doc), log: true, format: 'number', values: xs },
    y: { label: 'req/s', format: 'number', min: 0 },
    series,
    spanGaps: true,
    marks: kneeMarks(doc, 'load'),
  };
}

export function sweepTtftChart(doc: SweepResult, id: string): Chart {
  const xs = unionX(doc.targets, loadOf);
  const series: ChartSeries[] = [];
  doc.targets.forEach((t, i) => {
    const color = targetColor(i);
    series.push({
      label: `${t.name} TTFT p50`,
      color,
      style: 'line',
      values: valuesOn(xs, t.steps, loadOf, (s) => s.result.ttft_ms?.p50),
    });
    series.push({
      label: `${t.name} TTFT p99`,
      color,
      dash: SECOND_DASH,
      style: 'line',
      values: valuesOn(xs, t.steps, loadOf, (s) => s.result.ttft_ms?.p99),
    });
  });
  return {
    id,
    title: 'Time to first token against load',
    note: 'TTFT p50 and p99 of each step: queueing at the server shows here first.',
    x: { label: loadWord(doc), log: true, format: 'number', values: xs },
    y: { label: 'ms', format: 'ms', min: 0 },
    series,
    spanGaps: true,
    marks: kneeMarks(doc, 'load'),
  };
}

/** Steps in load order (the curve's order); a load run twice keeps its last step. */
function byLoad(steps: readonly Step[]): Step[] {
  const last = new Map<number, Step>();
  for (const s of steps) last.set(s.load, s);
  return [...last.values()].sort((a, b) => a.load - b.load);
}

export function sweepLatencyChart(doc: SweepResult, id: string): Chart {
  const series: ChartSeries[] = [];
  const marks: ChartMark[] = [];
  doc.targets.forEach((t, i) => {
    const color = targetColor(i);
    const steps = byLoad(t.steps);
    const x = steps.map(throughputOf);
    series.push({
      label: `${t.name} latency p50`,
      color,
      style: 'line',
      x,
      values: steps.map((s) => s.result.latency_ms.p50),
    });
    series.push({
      label: `${t.name} latency p99`,
      color,
      dash: SECOND_DASH,
      style: 'line',
      x,
      values: steps.map((s) => s.result.latency_ms.p99),
    });
    const knee = t.saturation ? steps.find((s) => s.load === t.saturation?.load) : undefined;
    const y = knee?.result.latency_ms.p50;
    if (knee && typeof y === 'number') {
      marks.push({
        x: throughputOf(knee),
        y,
        label: `${t.name} knee (${doc.kind} ${knee.load})`,
        color,
      });
    }
  });
  return {
    id,
    title: 'Latency against throughput',
    note: 'Each step at its achieved throughput, in load order: past the knee (ringed), latency climbs while throughput stays put.',
    xy: true,
    x: {
      label: 'throughput (req/s)',
      format: 'number',
      min: 0,
      values: unionX(doc.targets, throughputOf),
    },
    y: { label: 'ms', format: 'ms', min: 0 },
    series,
    marks,
  };
}
