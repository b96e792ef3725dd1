import { Histogram } from '../core/histogram.js';

/**
 * What the simulator actually sent and when (the ground truth a client's measurements are
 * checked against), in the same HDR histograms and percentile rules the bench reports with:
 * TTFT and latency per answer from its arrival, every gap between two content chunks as
 * written, and how late each timed send went out against its due time (the simulator's own
 * lag). Served by `GET /_sim/stats`, emptied with the log. The histograms are the bench's own
 * (core/histogram.ts), so a percentile here is quantised exactly as the client's.
 */
export class SendStats {
  /** Arrival → write of the first content chunk, per streamed answer. */
  ttft = new Histogram();
  /** Arrival → last byte written, per answer (streamed or not). */
  latency = new Histogram();
  /** Each gap between two successive content chunks (0 for chunks written together). */
  itl = new Histogram();
  /** Write time − due time of each timed send. */
  late = new Histogram();
  /** Socket writes of SSE events. */
  writes = 0;

  reset(): void {
    this.ttft = new Histogram();
    this.latency = new Histogram();
    this.itl = new Histogram();
    this.late = new Histogram();
    this.writes = 0;
  }

  toJSON(): SendStatsJson {
    const cpu = process.cpuUsage();
    return {
      ttft_ms: sentFigure(this.ttft),
      latency_ms: sentFigure(this.latency),
      itl_ms: sentFigure(this.itl),
      late_ms: sentFigure(this.late),
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

/** The figures of one histogram the simulator reports (the bench's summary, fewer keys). */
export function sentFigure(h: Histogram): SentFigure {
  const { p50, p90, p99, max, mean, count } = h.summary();
  return { p50, p90, p99, max, mean, count };
}
