import { enoughTail, MIN_TAIL_SAMPLES } from '../core/thin-sample.js';
import { BucketSampler, quantileSorted } from './bootstrap.js';
import type { Figure } from './figures.js';
import type { Bucket } from '../core/histogram.js';
import { decodeHistograms } from './result.js';
import type { BenchResult, TargetResult } from './result-types.js';
import { createRng } from '../core/rng.js';
import { errorTotal } from './stats.js';

/**
 * `--baseline FILE [--max-regression 10%]`: per target and figure, the delta from the
 * baseline, and for percentile deltas a bootstrap confidence interval. A figure regresses
 * only when its change in the worse direction is beyond the threshold AND beyond the noise:
 * for percentiles the whole CI lies on the worse side of 0; for the success rate a
 * two-proportion z-test; for throughput a Poisson test on the completed counts.
 */

export interface BaselineOptions {
  /** Percent, default 10. */
  maxRegressionPct?: number;
  /** Confidence level of the interval, default 0.95. */
  confidence?: number;
  /** Bootstrap resamples, default 1000. */
  resamples?: number;
  /** Resample size cap per side (keeps it fast; a smaller sample gives a wider, conservative CI). Default 2000. */
  maxSample?: number;
  seed?: number;
  currentFile?: string;
  baselineFile?: string;
}

export type BaselineFigure =
  `${'latency' | 'ttft'}.${'p50' | 'p90' | 'p95' | 'p99'}` | 'success_rate' | 'throughput_rps';

export interface BaselineRow {
  target: string;
  figure: BaselineFigure;
  /** ms for latency figures, 0..1 for success_rate, requests/s for throughput. */
  baseline: number | null;
  current: number | null;
  delta: number | null;
  /** Relative change in percent (positive = higher than the baseline). */
  deltaPct: number | null;
  /** Confidence interval of the delta (percentile figures only). */
  ci: { low: number; high: number; level: number } | null;
  /** Which direction is worse for this figure. */
  worse: 'higher' | 'lower';
  /** The change is beyond the noise (CI / significance test). */
  significant: boolean;
  /**
   * Percentile figures only: false when either run has too few samples beyond the
   * percentile to estimate it (fewer than MIN_TAIL_SAMPLES), so it is shown but never judged.
   */
  judged: boolean;
  regression: boolean;
}

export interface BaselineComparison {
  maxRegressionPct: number;
  rows: BaselineRow[];
  regressions: BaselineRow[];
  /** Target names present in only one of the two runs (not compared). */
  unmatched: string[];
}

const PCTS = [
  ['p50', 50],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
] as const;
const Z95 = 1.959964;
/**
 * A percentile is judged only when each run has at least MIN_TAIL_SAMPLES samples at or
 * beyond it (thin-sample.ts): below that, p99 is the maximum and one hiccup would read as a
 * regression.
 */
export { MIN_TAIL_SAMPLES };

export function compareWithBaseline(
  current: BenchResult,
  baseline: BenchResult,
  options: BaselineOptions = {},
): BaselineComparison {
  const opts = {
    maxRegressionPct: options.maxRegressionPct ?? 10,
    confidence: options.confidence ?? 0.95,
    resamples: options.resamples ?? 1000,
    maxSample: options.maxSample ?? 2000,
    seed: options.seed ?? 1,
    currentFile: options.currentFile ?? 'current run',
    baselineFile: options.baselineFile ?? 'baseline',
  };
  const rows: BaselineRow[] = [];
  const baseByName = new Map(baseline.targets.map((t) => [t.name, t]));
  const curNames = new Set(current.targets.map((t) => t.name));
  const unmatched = [
    ...current.targets.filter((t) => !baseByName.has(t.name)).map((t) => t.name),
    ...baseline.targets.filter((t) => !curNames.has(t.name)).map((t) => t.name),
  ];
  for (const cur of current.targets) {
    const base = baseByName.get(cur.name);
    if (!base) continue;
    rows.push(...percentileRows(cur, base, opts));
    rows.push(successRow(cur, base, opts.maxRegressionPct));
    rows.push(
      throughputRow(
        cur,
        cur.active_s ?? current.duration_s,
        base,
        base.active_s ?? baseline.duration_s,
        opts.maxRegressionPct,
      ),
    );
  }
  return {
    maxRegressionPct: opts.maxRegressionPct,
    rows,
    regressions: rows.filter((r) => r.regression),
    unmatched,
  };
}

function rel(delta: number, base: number): number | null {
  return base !== 0 ? (delta / base) * 100 : null;
}

function percentileRows(
  cur: TargetResult,
  base: TargetResult,
  o: Required<BaselineOptions>,
): BaselineRow[] {
  const out: BaselineRow[] = [];
  const curH = decodeHistograms(cur, o.currentFile);
  const baseH = decodeHistograms(base, o.baselineFile);
  for (const figure of ['latency', 'ttft'] as const satisfies readonly Figure[]) {
    const ci = bootstrapDeltas(curH[figure].buckets(), baseH[figure].buckets(), o);
    const curN = curH[figure].count;
    const baseN = baseH[figure].count;
    PCTS.forEach(([stat, pct], i) => {
      const b = base[`${figure}_ms`][stat];
      const c = cur[`${figure}_ms`][stat];
      const delta = b !== null && c !== null ? c - b : null;
      const deltaPct = delta !== null && b !== null ? rel(delta, b) : null;
      const interval = ci?.[i] ?? null;
      const judged = enoughTail(curN, pct) && enoughTail(baseN, pct);
      const significant = judged && interval !== null && interval.low > 0;
      out.push({
        target: cur.name,
        figure: `${figure}.${stat}`,
        baseline: b,
        current: c,
        delta,
        deltaPct,
        ci: interval,
        worse: 'higher',
        significant,
        judged,
        regression: significant && deltaPct !== null && deltaPct > o.maxRegressionPct,
      });
    });
  }
  return out;
}

/** Per percentile (p50, p90, p95, p99): the CI of current − baseline, or null without data. */
function bootstrapDeltas(
  curBuckets: readonly Bucket[],
  baseBuckets: readonly Bucket[],
  o: Required<BaselineOptions>,
): { low: number; high: number; level: number }[] | null {
  const cs = new BucketSampler(curBuckets);
  const bs = new BucketSampler(baseBuckets);
  if (cs.total === 0 || bs.total === 0) return null;
  const rng = createRng(o.seed);
  const levels = PCTS.map(([, p]) => p);
  const nc = Math.min(cs.total, o.maxSample);
  const nb = Math.min(bs.total, o.maxSample);
  const deltas: number[][] = levels.map(() => []);
  for (let r = 0; r < o.resamples; r++) {
    const c = cs.resample(nc, levels, rng);
    const b = bs.resample(nb, levels, rng);
    levels.forEach((_, i) => (deltas[i] as number[]).push((c[i] as number) - (b[i] as number)));
  }
  const alpha = (1 - o.confidence) / 2;
  return deltas.map((d) => {
    d.sort((x, y) => x - y);
    return {
      low: quantileSorted(d, alpha),
      high: quantileSorted(d, 1 - alpha),
      level: o.confidence,
    };
  });
}

function successRow(cur: TargetResult, base: TargetResult, maxPct: number): BaselineRow {
  const n1 = base.requests - base.cancelled;
  const n2 = cur.requests - cur.cancelled;
  const valid = n1 > 0 && n2 > 0;
  const delta = valid ? cur.success_rate - base.success_rate : null;
  const deltaPct = delta !== null ? rel(delta, base.success_rate) : null;
  let significant = false;
  if (valid && delta !== null) {
    const pooled = (base.ok + cur.ok) / (n1 + n2);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    significant = se > 0 ? -delta / se > Z95 : delta < 0;
  }
  return {
    target: cur.name,
    figure: 'success_rate',
    baseline: n1 > 0 ? base.success_rate : null,
    current: n2 > 0 ? cur.success_rate : null,
    delta,
    deltaPct,
    ci: null,
    worse: 'lower',
    significant,
    judged: true,
    regression: significant && deltaPct !== null && -deltaPct > maxPct,
  };
}

function throughputRow(
  cur: TargetResult,
  curS: number,
  base: TargetResult,
  baseS: number,
  maxPct: number,
): BaselineRow {
  const delta = cur.throughput_rps - base.throughput_rps;
  const deltaPct = rel(delta, base.throughput_rps);
  // Completed counts are ~Poisson: the variance of count/T is count/T².
  const n1 = base.ok + errorTotal(base.errors);
  const n2 = cur.ok + errorTotal(cur.errors);
  const se = baseS > 0 && curS > 0 ? Math.sqrt(n1 / (baseS * baseS) + n2 / (curS * curS)) : 0;
  const significant = se > 0 && -delta / se > Z95;
  return {
    target: cur.name,
    figure: 'throughput_rps',
    baseline: base.throughput_rps,
    current: cur.throughput_rps,
    delta,
    deltaPct,
    ci: null,
    worse: 'lower',
    significant,
    judged: true,
    regression: significant && deltaPct !== null && -deltaPct > maxPct,
  };
}
