import type { BaselineComparison, BaselineRow } from '../bench/index.js';
import type { Chart, ChartErrorBars, ChartSeries } from './chart-types.js';
import { BASELINE_DASH } from './palette.js';

const STATS = ['p50', 'p90', 'p95', 'p99'] as const;

/** The row's delta and its CI bounds as % of the baseline value (null without one). */
function asPercent(row: BaselineRow | undefined): {
  mid: number | null;
  low: number | null;
  high: number | null;
} {
  if (!row || row.baseline === null || row.baseline === 0 || row.deltaPct === null) {
    return { mid: null, low: null, high: null };
  }
  const base = row.baseline;
  return {
    mid: row.deltaPct,
    low: row.ci ? (row.ci.low / base) * 100 : null,
    high: row.ci ? (row.ci.high / base) * 100 : null,
  };
}

/**
 * Percentile deltas against the baseline for one figure, per target: the change in % (points)
 * with its bootstrap confidence interval (a whisker), and the --max-regression threshold.
 */
export function deltaChart(
  comparison: BaselineComparison,
  figure: 'latency' | 'ttft',
  targets: readonly { name: string; color: string }[],
): Chart {
  const series: ChartSeries[] = [];
  const errorBars: ChartErrorBars[] = [];
  const all: number[] = [comparison.maxRegressionPct, 0];
  for (const t of targets) {
    const rows = STATS.map((s) =>
      comparison.rows.find((r) => r.target === t.name && r.figure === `${figure}.${s}`),
    );
    if (rows.every((r) => r === undefined)) continue;
    const pct = rows.map(asPercent);
    errorBars.push({
      series: series.length,
      low: pct.map((p) => p.low),
      high: pct.map((p) => p.high),
    });
    series.push({
      label: `${t.name} Δ %`,
      color: t.color,
      style: 'points',
      values: pct.map((p) => p.mid),
    });
    for (const p of pct) for (const v of [p.low, p.mid, p.high]) if (v !== null) all.push(v);
  }
  series.push({
    label: `threshold +${comparison.maxRegressionPct}%`,
    color: '#6b7280',
    dash: BASELINE_DASH,
    style: 'line',
    values: STATS.map(() => comparison.maxRegressionPct),
  });
  const pad = (Math.max(...all) - Math.min(...all)) * 0.08 || 1;
  const level = comparison.rows.find((r) => r.ci)?.ci?.level ?? 0.95;
  const name = figure === 'latency' ? 'Latency' : 'TTFT';
  return {
    id: `baseline-delta-${figure}`,
    title: `${name} change vs baseline`,
    note: `Change of each percentile in % of the baseline, with its ${Math.round(level * 100)} % bootstrap confidence interval (whiskers). A regression is above the threshold with the whole interval above 0.`,
    categories: [...STATS],
    x: {
      label: 'percentile',
      format: 'number',
      min: -0.5,
      max: STATS.length - 0.5,
      values: STATS.map((_, i) => i),
    },
    y: {
      label: 'change (%)',
      format: 'number',
      min: Math.min(...all) - pad,
      max: Math.max(...all) + pad,
    },
    series,
    errorBars,
  };
}
