import uPlot from 'uplot';
import type { Chart, ChartAxis, ChartSeries } from '../chart-types.js';
import { formatValue, withAlpha } from './format.js';

/** The height of every plot (CSS px, axes included); the width follows the page. */
export const PLOT_HEIGHT = 260;

function scale(axis: ChartAxis): uPlot.Scale {
  if (axis.log) return { time: false, distr: 3, log: 10 };
  const { min, max } = axis;
  return {
    time: false,
    range: (_u, dataMin, dataMax) => {
      const lo = min ?? dataMin ?? 0;
      let hi = max ?? dataMax ?? 1;
      if (max === undefined) hi = hi > lo ? hi + (hi - lo) * 0.05 : lo + 1;
      return [lo, hi];
    },
  };
}

function axis(a: ChartAxis, categories?: string[]): uPlot.Axis {
  const base: uPlot.Axis = {
    label: a.label,
    labelSize: 20,
    stroke: '#374151',
    grid: { stroke: '#e5e7eb', width: 1 },
    ticks: { stroke: '#d1d5db', width: 1 },
  };
  if (categories) {
    return {
      ...base,
      splits: () => categories.map((_, i) => i),
      values: (_u, splits) => splits.map((v) => categories[v] ?? ''),
    };
  }
  // Log axes pass null for the splits they leave unlabelled.
  const tick = (v: number | null): string => (v === null ? '' : formatValue(a.format, v));
  const values: uPlot.Axis['values'] = (_u, splits) => splits.map(tick);
  return a.log ? { ...base, values, filter: logLabels } : { ...base, values };
}

/** On a log axis, label 1, 2 and 5 of each decade (uPlot labels only the decades). */
function logLabels(_u: uPlot, splits: number[]): (number | null)[] {
  return splits.map((v) => {
    const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
    return mantissa === 1 || mantissa === 2 || mantissa === 5 ? v : null;
  });
}

/** Legend values: blank until the cursor is over the plot (no row of dashes on paper). */
function legendValue(format: ChartAxis['format'], v: number | null): string {
  return v === null ? '' : formatValue(format, v);
}

function paths(style: ChartSeries['style']): uPlot.Series.PathBuilder | undefined {
  const p = uPlot.paths;
  if (style === 'step') return p.stepped?.({ align: 1 });
  if (style === 'bars') return p.bars?.({ size: [0.8, 40] });
  if (style === 'points') return () => null;
  return undefined;
}

function series(c: Chart, s: ChartSeries, index: number): uPlot.Series {
  const few = c.x.values.length <= 60;
  // a series with error bars is drawn by drawErrorBars, set apart from the others
  if (c.errorBars?.some((e) => e.series === index)) {
    return {
      label: s.label,
      stroke: s.color,
      paths: () => null,
      points: { show: false },
      value: (_u, v) => legendValue(c.y.format, v),
    };
  }
  return {
    label: s.label,
    stroke: s.color,
    width: 1.75,
    ...(s.dash ? { dash: s.dash } : {}),
    ...(s.style === 'bars' ? { fill: withAlpha(s.color, 0.5) } : {}),
    paths: paths(s.style),
    points: {
      show: s.style === 'points' || (few && s.style === 'line'),
      size: s.style === 'points' ? 8 : 5,
    },
    spanGaps: c.spanGaps === true,
    value: (_u, v) => legendValue(c.y.format, v),
  };
}

/** Marks over the plot: a dashed vertical line at x, or a ring at (x, y); each labelled. */
function drawMarks(c: Chart): (u: uPlot) => void {
  return (u) => {
    const marks = c.marks ?? [];
    if (marks.length === 0) return;
    const ctx = u.ctx;
    const px = devicePixelRatio;
    const { top, height } = u.bbox;
    ctx.save();
    ctx.font = `${Math.round(11 * px)}px system-ui, sans-serif`;
    marks.forEach((m, i) => {
      const x = Math.round(u.valToPos(m.x, 'x', true));
      ctx.strokeStyle = m.color;
      ctx.fillStyle = m.color;
      ctx.lineWidth = 1.5 * px;
      ctx.beginPath();
      if (m.y === undefined) {
        ctx.setLineDash([4 * px, 3 * px]);
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
        ctx.fillText(m.label, x + 4 * px, top + (12 + 13 * (i % 4)) * px);
        return;
      }
      const y = Math.round(u.valToPos(m.y, 'y', true));
      ctx.arc(x, y, 7 * px, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.textAlign = 'right';
      ctx.fillText(m.label, x - 10 * px, y - 8 * px);
      ctx.textAlign = 'left';
    });
    ctx.restore();
  };
}

/**
 * Each point of a series with error bars: a whisker from low to high with caps and a dot at
 * the value, the series of one chart set 14 px apart around their x so none hides another.
 */
function drawErrorBars(c: Chart): (u: uPlot) => void {
  return (u) => {
    const bars = c.errorBars ?? [];
    const ctx = u.ctx;
    const px = devicePixelRatio;
    ctx.save();
    bars.forEach((bar, k) => {
      const s = c.series[bar.series];
      if (!s) return;
      const shift = (k - (bars.length - 1) / 2) * 14 * px;
      ctx.strokeStyle = s.color;
      ctx.fillStyle = s.color;
      ctx.lineWidth = 1.5 * px;
      c.x.values.forEach((xv, i) => {
        const x = Math.round(u.valToPos(xv, 'x', true) + shift);
        const lo = bar.low[i];
        const hi = bar.high[i];
        if (lo !== null && lo !== undefined && hi !== null && hi !== undefined) {
          const y0 = u.valToPos(lo, 'y', true);
          const y1 = u.valToPos(hi, 'y', true);
          ctx.beginPath();
          ctx.moveTo(x, y0);
          ctx.lineTo(x, y1);
          for (const y of [y0, y1]) {
            ctx.moveTo(x - 4 * px, y);
            ctx.lineTo(x + 4 * px, y);
          }
          ctx.stroke();
        }
        const v = s.values[i];
        if (v === null || v === undefined) return;
        ctx.beginPath();
        ctx.arc(x, u.valToPos(v, 'y', true), 4 * px, 0, 2 * Math.PI);
        ctx.fill();
      });
    });
    ctx.restore();
  };
}

/** uPlot options and data for a chart model, `width` CSS px wide. */
export function chartOptions(
  c: Chart,
  width: number,
): { opts: uPlot.Options; data: uPlot.AlignedData } {
  const opts: uPlot.Options = {
    width,
    height: PLOT_HEIGHT,
    scales: { x: scale(c.x), y: scale(c.y) },
    axes: [axis(c.x, c.categories), axis(c.y)],
    series: [
      {
        label: c.x.label,
        value: (_u, v) => (c.categories ? (c.categories[v] ?? '') : legendValue(c.x.format, v)),
      },
      ...c.series.map((s, i) => series(c, s, i)),
    ],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    hooks: { draw: [drawMarks(c), drawErrorBars(c)] },
  };
  if (c.xy) {
    // uPlot's mode 2: each series carries its own [x, y] and is joined in the order given.
    opts.mode = 2;
    const data = [null, ...c.series.map((s) => [s.x ?? [], s.values])] as unknown;
    return { opts, data: data as uPlot.AlignedData };
  }
  const data = [c.x.values, ...c.series.map((s) => s.values)] as uPlot.AlignedData;
  return { opts, data };
}
