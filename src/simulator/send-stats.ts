import { build, type JsHistogram } from 'hdr-histogram-js';

/**
 * What the simulator actually sent and when (the ground truth a client's measurements are
 * checked against), in the same HDR histograms and percentile rules the bench reports with:
 * TTFT and latency per answer from its arrival, every gap between two content chunks as
 * written, and how late each timed send went out against its due time (the simulator's own
 * lag). Served by `GET /_sim/stats`, emptied with the log.
 */
export class SendStats {
  /** Arrival → write of the first content chunk, per streamed answer. */
  ttft = new MsHistogram();
  /** Arrival → last byte written, per answer (streamed or not). */
  latency = new MsHistogram();
  /** Each gap between two successive content chunks (0 for chunks written together). */
  itl = new MsHistogram();
  /** Write time − due time of each timed send. */
  late = new MsHistogram();
  /** Socket writes of SSE events. */
  writes = 0;

  reset(): void {
    this.ttft = new MsHistogram();
    this.latency = new MsHistogram();
    this.itl = new MsHistogram();
    this.late = new MsHistogram();
    this.writes = 0;
  }

  toJSON(): SendStatsJson {
    const cpu = process.cpuUsage();
    return {
      ttft_ms: this.ttft.summary(),
      latency_ms: this.latency.summary(),
      itl_ms: this.itl.summary(),
      late_ms: this.late.summary(),
      writes: this.writes,
      cpu_ms: { user: cpu.user / 1000, system: cpu.system / 1000 },
    };
  }
}

/** One figure in ms, as the bench reports it; null when nothing was recorded. */
export interface SentFigure {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
  count: number;
}

/** The body of `GET /_sim/stats`. */
export interface SendStatsJson {
  ttft_ms: SentFigure;
  latency_ms: SentFigure;
  itl_ms: SentFigure;
  late_ms: SentFigure;
  writes: number;
  /** CPU time of the simulator process since it started, ms. */
  cpu_ms: { user: number; system: number };
}

/**
 * Values in ms held in µs in an HdrHistogram with the bench's settings (1 µs .. 1 h,
 * 3 significant digits), so a percentile here is quantised exactly as the client's: the
 * highest value equivalent to the one at rank ⌈p·n⌉, the mean from each bucket's median.
 * (Not the bench's own Histogram class: the simulator process stays free of the bench engine.)
 */
export class MsHistogram {
  readonly #hdr: JsHistogram = build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  }) as JsHistogram;

  /** Records `ms` (clamped to 0 .. 1 h), `count` times. */
  record(ms: number, count = 1): void {
    const us = Number.isFinite(ms) && ms > 0 ? Math.min(3_600_000_000, Math.round(ms * 1000)) : 0;
    this.#hdr.recordValueWithCount(us, count);
  }

  get count(): number {
    return this.#hdr.totalCount;
  }

  summary(): SentFigure {
    const h = this.#hdr;
    const ms = (us: number): number => Math.round(us) / 1000;
    if (h.totalCount === 0)
      return { p50: null, p90: null, p99: null, max: null, mean: null, count: 0 };
    return {
      p50: ms(h.getValueAtPercentile(50)),
      p90: ms(h.getValueAtPercentile(90)),
      p99: ms(h.getValueAtPercentile(99)),
      max: ms(h.highestEquivalentValue(h.maxValue)),
      mean: ms(h.mean),
      count: h.totalCount,
    };
  }
}
