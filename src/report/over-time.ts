import {
  intervalHistograms,
  mergeTimelines,
  type TimelineFigure,
  type TimelineIntervalJson,
  type TimelineJson,
} from '../bench/index.js';
import type { Chart, ChartSeries } from './chart-types.js';
import { SECOND_DASH, classDash } from './palette.js';

/** One target's time series, as the over-time charts take it. */
export interface TimelineCurve {
  name: string;
  color: string;
  timeline: TimelineJson;
}

/** Every target's series on one grid: the widest interval, as many intervals as the longest. */
export interface AlignedTimelines {
  intervalMs: number;
  count: number;
  targets: { name: string; color: string; intervals: TimelineIntervalJson[] }[];
  /** Length of each interval in s: the last one ends with the run (`durationS`). */
  lengthsS: number[];
}

const EMPTY: TimelineIntervalJson = {
  ok: 0,
  cancelled: 0,
  errors: {},
  output_tokens: 0,
  histograms: {},
};

export function alignTimelines(
  curves: readonly TimelineCurve[],
  durationS: number,
): AlignedTimelines {
  const intervalMs = Math.max(...curves.map((c) => c.timeline.interval_ms));
  const widened = curves.map((c) =>
    c.timeline.interval_ms === intervalMs
      ? c.timeline.intervals
      : mergeTimelines([c.timeline, { interval_ms: intervalMs, intervals: [] }]).intervals,
  );
  const count = Math.max(0, ...widened.map((w) => w.length));
  const lengthsS = Array.from({ length: count }, (_, i) => {
    const left = durationS - (i * intervalMs) / 1000;
    return left > 0 && left < intervalMs / 1000 ? left : intervalMs / 1000;
  });
  return {
    intervalMs,
    count,
    lengthsS,
    targets: curves.map((c, k) => ({
      name: c.name,
      color: c.color,
      intervals: Array.from({ length: count }, (_, i) => widened[k]?.[i] ?? EMPTY),
    })),
  };
}

function xValues(a: AlignedTimelines): number[] {
  return Array.from({ length: a.count }, (_, i) => (i * a.intervalMs) / 1000);
}

function timeAxis(a: AlignedTimelines): Chart['x'] {
  return { label: 'time into the run (s)', format: 'seconds', values: xValues(a) };
}

function intervalWord(a: AlignedTimelines): string {
  return `${a.intervalMs / 1000} s`;
}

/** p50 (solid) and p99 (dotted) of a figure per interval, per target; null where nothing finished. */
export function percentilesOverTime(
  a: AlignedTimelines,
  figure: TimelineFigure,
  id: string,
  title: string,
): Chart {
  const series: ChartSeries[] = [];
  for (const t of a.targets) {
    const sums = t.intervals.map((s) => intervalHistograms(s)[figure].summary());
    series.push({
      label: `${t.name} p50`,
      color: t.color,
      style: 'line',
      values: sums.map((s) => s.p50),
    });
    series.push({
      label: `${t.name} p99`,
      color: t.color,
      dash: SECOND_DASH,
      style: 'line',
      values: sums.map((s) => s.p99),
    });
  }
  return {
    id,
    title,
    note: `p50 and p99 of the ok requests that finished in each ${intervalWord(a)} interval (2-digit histograms).`,
    x: timeAxis(a),
    y: { label: 'ms', format: 'ms', min: 0 },
    series,
  };
}

function completed(s: TimelineIntervalJson): number {
  return s.ok + Object.values(s.errors).reduce((n, v) => n + v, 0);
}

/** Completed requests (ok + errors) per second, or output tokens per second, per target. */
export function rateOverTime(a: AlignedTimelines, what: 'requests' | 'tokens'): Chart {
  const per = (s: TimelineIntervalJson, i: number): number =>
    (what === 'requests' ? completed(s) : s.output_tokens) / (a.lengthsS[i] as number);
  return {
    id: what === 'requests' ? 'throughput-over-time' : 'tokens-over-time',
    title: what === 'requests' ? 'Throughput over time' : 'Output tokens over time',
    note:
      what === 'requests'
        ? `Requests that completed (ok or error) per second, per ${intervalWord(a)} interval.`
        : `Output tokens of ok requests per second, per ${intervalWord(a)} interval.`,
    x: timeAxis(a),
    y: { label: what === 'requests' ? 'req/s' : 'tokens/s', format: 'number', min: 0 },
    series: a.targets.map((t) => ({
      label: t.name,
      color: t.color,
      style: 'line',
      values: t.intervals.map(per),
    })),
  };
}

/** Errors per second by class, per target (one colour per target, one dash per class). */
export function errorsOverTime(a: AlignedTimelines): Chart {
  const classes = [
    ...new Set(a.targets.flatMap((t) => t.intervals.flatMap((s) => Object.keys(s.errors)))),
  ].sort();
  const series: ChartSeries[] = [];
  for (const t of a.targets) {
    if (classes.length === 0) {
      series.push({
        label: `${t.name} errors`,
        color: t.color,
        style: 'step',
        values: t.intervals.map(() => 0),
      });
    }
    classes.forEach((cls, k) => {
      const dash = classDash(k);
      series.push({
        label: `${t.name} ${cls}`,
        color: t.color,
        ...(dash ? { dash } : {}),
        style: 'step',
        values: t.intervals.map((s, i) => (s.errors[cls] ?? 0) / (a.lengthsS[i] as number)),
      });
    });
  }
  return {
    id: 'errors-over-time',
    title: 'Errors by class over time',
    note:
      classes.length === 0
        ? 'No request failed.'
        : `Failed requests per second by error class, per ${intervalWord(a)} interval.`,
    x: timeAxis(a),
    y: { label: 'errors/s', format: 'number', min: 0 },
    series,
  };
}
