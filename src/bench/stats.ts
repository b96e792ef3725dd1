import type { AttemptResult, Usage } from '../core/result.js';
import { outputTokens } from '../core/result.js';
import type { ErrorClass } from '../core/errors.js';
import { FIGURES, type Figure } from './figures.js';
import { Histogram, type FigureSummary } from '../core/histogram.js';
import { LatencySeries, type SeriesPoint } from './series.js';
import { Timeline } from './timeline.js';
import { latencyBins, type LatencyBin } from './latency-bins.js';
import type { TargetResult } from './result-types.js';
import { LengthStats, type SentLengths } from './workload/lengths.js';
import { TurnStats } from './workload/turn-stats.js';
import { redactUrl } from '../core/redaction.js';
import { RouteStats } from './route-stats.js';
import { isGood, type GoodputTerm } from './goodput.js';

/**
 * Accumulates the results of one bench target. Only `ok` requests feed the latency figures
 * (a fast 401 is not a fast answer) except `sched_lag`, which measures the client and takes
 * every dispatched request. See docs/bench.md for the exact definition of each figure.
 */

export interface TargetInfo {
  name: string;
  model: string;
  baseUrl: string;
  /** The id a single-model target's requests send (the form the gateway lists; SPEC §1). */
  sentId?: string;
}

export type FigureSummaries = Record<Figure, FigureSummary>;

/** Live figures of one target, cheap to take several times a second. */
export interface TargetSnapshot extends TargetInfo {
  requests: number;
  ok: number;
  cancelled: number;
  errors: Partial<Record<ErrorClass, number>>;
  /** ok / (requests − cancelled); 0 before any request completed. */
  successRate: number;
  /** ok requests that met every `--goodput` term (every ok request when there are none). */
  good: number;
  outputTokens: number;
  tokensSource: 'usage' | 'chunks';
  figures: FigureSummaries;
  /** Median latency per second (sparkline), oldest first. */
  series: SeriesPoint[];
  /** The latency histogram of the live view's panel (10 bars, fastest to slowest). */
  latencyBins: LatencyBin[];
}

/** Usage totals as the result document carries them (`targets[].usage`). */
export interface UsageTotals {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
}

export const emptyUsage = (): UsageTotals => ({
  prompt_tokens: 0,
  completion_tokens: 0,
  total_tokens: 0,
  cached_tokens: 0,
  reasoning_tokens: 0,
});

/** Adds one usage block (or another total) into `to`. */
export function addUsage(to: UsageTotals, u: Usage): void {
  to.prompt_tokens += u.prompt_tokens;
  to.completion_tokens += u.completion_tokens;
  to.total_tokens += u.total_tokens;
  to.cached_tokens += u.cached_tokens ?? 0;
  to.reasoning_tokens += u.reasoning_tokens ?? 0;
}

export class TargetStats {
  readonly info: TargetInfo;
  requests = 0;
  ok = 0;
  /** ok requests that met every goodput term. */
  good = 0;
  cancelled = 0;
  readonly errors: Partial<Record<ErrorClass, number>> = {};
  outputTokens = 0;
  /** Usage totals of ok requests that reported usage (what `cost --from` prices). */
  readonly usage: UsageTotals = emptyUsage();
  /**
   * Route targets: usage per answering model (only records whose model differs from the
   * target's, so single-model targets never fill it), priced by `cost --from`.
   */
  private readonly usageByModel = new Map<string, UsageTotals & { requests: number }>();
  /** True once an ok request came without a usage block. */
  private countedChunks = false;
  readonly histograms: Record<Figure, Histogram>;
  private readonly series: LatencySeries;
  private readonly timeline = new Timeline();
  private cached: FigureSummaries | undefined;
  /** Monotonic ms of the first send of the measured phase (the start of its active window). */
  private firstSend: number | undefined;
  /** Monotonic ms of the last completion (ok or error) of the measured phase. */
  private lastEnd: number | undefined;
  /** Input/output token lengths sent and got. */
  readonly lengths = new LengthStats();
  /** Multi-turn: figures per turn index. */
  readonly turns = new TurnStats();
  /** Route targets: how the chain got its answers (bench under faults). */
  route: RouteStats | undefined;
  private cachedBins: LatencyBin[] | undefined;
  private readonly goodput: readonly GoodputTerm[];

  constructor(info: TargetInfo, originMs = 0, goodput: readonly GoodputTerm[] = []) {
    this.info = info;
    this.goodput = goodput;
    this.histograms = Object.fromEntries(FIGURES.map((f) => [f, new Histogram()])) as Record<
      Figure,
      Histogram
    >;
    this.series = new LatencySeries(originMs);
  }

  /** The measured window starts at `originMs` (monotonic): the time series counts from here. */
  startTimeline(originMs: number): void {
    this.timeline.start(originMs);
  }

  get tokensSource(): 'usage' | 'chunks' {
    return this.countedChunks ? 'chunks' : 'usage';
  }

  /** A measured request was sent at `at` (monotonic ms): its target's active window starts at the first. */
  noteSend(at: number): void {
    if (this.firstSend === undefined || at < this.firstSend) this.firstSend = at;
  }

  /**
   * The target's active window in seconds: its first send to its last completion, or to
   * `now` while it is still running. Its rates (req/s, tokens/s) are over this window, not
   * the whole run's: a fast target that finished its `-n` early is not diluted by a slow one.
   */
  activeSeconds(now?: number): number {
    if (this.firstSend === undefined) return 0;
    const end = now ?? this.lastEnd ?? this.firstSend;
    return Math.max(0, end - this.firstSend) / 1000;
  }

  /** `sent`: what the request carried (lengths, turn); absent for a request never sent. */
  record(r: AttemptResult, sent?: SentLengths & { turn?: number }): void {
    this.requests += 1;
    if (r.chain) (this.route ??= new RouteStats()).record(r);
    this.cached = undefined;
    this.lengths.record(r, sent);
    this.turns.record(r, sent?.turn, sent?.inputTokens);
    this.cachedBins = undefined;
    const h = this.histograms;
    if (r.intendedStart !== undefined) h.sched_lag.record(r.start - r.intendedStart);
    if (r.outcome === 'cancelled') {
      this.cancelled += 1;
      this.timeline.record(r.end, { outcome: r.outcome });
      return;
    }
    this.noteSend(r.start);
    if (this.lastEnd === undefined || r.end > this.lastEnd) this.lastEnd = r.end;
    if (r.outcome !== 'ok') {
      this.errors[r.outcome] = (this.errors[r.outcome] ?? 0) + 1;
      this.timeline.record(r.end, { outcome: r.outcome });
      return;
    }
    this.ok += 1;
    if (isGood(r, this.goodput)) this.good += 1;
    const base = r.intendedStart ?? r.start;
    const latency = r.end - base;
    h.latency.record(latency);
    this.series.add(r.end, latency);
    if (r.intendedStart !== undefined) h.service_latency.record(r.end - r.start);
    if (r.firstToken !== undefined) h.ttft.record(r.firstToken - base);
    if (
      r.firstOutput !== undefined &&
      (r.reasoningChunks > 0 || (r.firstToken !== undefined && r.firstOutput < r.firstToken))
    ) {
      h.ttfo.record(r.firstOutput - base);
    }
    recordGaps(h.itl, r.contentTimes);
    const tokens = outputTokens(r);
    this.outputTokens += tokens;
    this.timeline.recordOk(
      r.end,
      latency,
      r.firstToken !== undefined ? r.firstToken - base : undefined,
      tokens,
    );
    if (!r.usage) this.countedChunks = true;
    else {
      addUsage(this.usage, r.usage);
      if (r.model !== this.info.model) {
        let m = this.usageByModel.get(r.model);
        if (!m) this.usageByModel.set(r.model, (m = { ...emptyUsage(), requests: 0 }));
        addUsage(m, r.usage);
        m.requests += 1;
      }
    }
    // (latency − ttft) is end − firstToken whichever start both count from.
    if (tokens >= 2 && r.firstToken !== undefined) {
      h.tpot.record((r.end - r.firstToken) / (tokens - 1));
    }
  }

  get successRate(): number {
    const completed = this.requests - this.cancelled;
    return completed > 0 ? this.ok / completed : 0;
  }

  /** Percentile summaries of every figure, recomputed only when something was recorded. */
  figures(): FigureSummaries {
    if (!this.cached) {
      this.cached = Object.fromEntries(
        FIGURES.map((f) => [f, this.histograms[f].summary()]),
      ) as FigureSummaries;
    }
    return this.cached;
  }

  snapshot(): TargetSnapshot {
    return {
      ...this.info,
      requests: this.requests,
      ok: this.ok,
      cancelled: this.cancelled,
      errors: { ...this.errors },
      successRate: this.successRate,
      good: this.good,
      outputTokens: this.outputTokens,
      tokensSource: this.tokensSource,
      figures: this.figures(),
      series: this.series.toArray(),
      latencyBins: (this.cachedBins ??= latencyBins(this.histograms.latency)),
    };
  }

  /**
   * The SPEC target block; rates are over the target's active window (`active_s`);
   * `targetRps` null in closed loop.
   */
  toJSON(targetRps: number | null): TargetResult {
    const f = this.figures();
    const completed = this.ok + errorTotal(this.errors);
    const activeS = this.activeSeconds();
    return {
      name: this.info.name,
      model: this.info.model,
      ...(this.info.sentId !== undefined ? { sent_id: this.info.sentId } : {}),
      base_url: redactUrl(this.info.baseUrl),
      requests: this.requests,
      ok: this.ok,
      cancelled: this.cancelled,
      errors: { ...this.errors },
      success_rate: this.successRate,
      throughput_rps: perSecond(completed, activeS),
      target_rps: targetRps,
      good: this.good,
      good_rate: completed > 0 ? this.good / completed : 0,
      goodput_rps: perSecond(this.good, activeS),
      output_tokens: this.outputTokens,
      output_tokens_per_s: perSecond(this.outputTokens, activeS),
      active_s: activeS,
      usage: { ...this.usage },
      ...(this.usageByModel.size > 0 && {
        usage_by_model: Object.fromEntries(
          [...this.usageByModel].map(([model, u]) => [model, { ...u }]),
        ),
      }),
      ...(this.route && { route: this.route.toJSON() }),
      tokens_source: this.tokensSource,
      latency_ms: f.latency,
      ttft_ms: f.ttft,
      ttfo_ms: f.ttfo,
      itl_ms: f.itl,
      tpot_ms: f.tpot,
      service_latency_ms: f.service_latency,
      sched_lag_ms: f.sched_lag,
      histograms: Object.fromEntries(
        FIGURES.map((fig) => [fig, this.histograms[fig].encode()]),
      ) as Record<Figure, string>,
      ...(!this.lengths.empty && { lengths: this.lengths.toJSON() }),
      ...(this.turns.size > 0 && { turns: this.turns.toJSON() }),
      timeline: this.timeline.toJSON(),
    };
  }
}

/**
 * Records the gaps between consecutive times. A run of equal gaps is recorded once with its
 * count: tokens that came in the same read share one arrival time (gap 0), and a fast stream
 * often brings dozens per read, so this saves most of the histogram's per-value work while
 * recording exactly the same counts.
 */
export function recordGaps(h: Histogram, times: readonly number[]): void {
  let gap = 0;
  let run = 0;
  for (let i = 1; i < times.length; i++) {
    const g = (times[i] as number) - (times[i - 1] as number);
    if (run > 0 && g === gap) {
      run++;
      continue;
    }
    h.record(gap, run);
    gap = g;
    run = 1;
  }
  h.record(gap, run);
}

export function errorTotal(errors: Partial<Record<string, number>>): number {
  let n = 0;
  for (const v of Object.values(errors)) n += v ?? 0;
  return n;
}

export function perSecond(count: number, durationS: number): number {
  return durationS > 0 ? count / durationS : 0;
}
