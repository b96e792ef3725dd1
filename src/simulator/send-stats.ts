import { Histogram } from '../bench/histogram.js';
import type { FigureSummary } from '../bench/histogram.js';

/**
 * What the simulator actually sent and when (the ground truth a client's measurements are
 * checked against), in the same HDR histograms and percentile rules the bench reports with:
 * TTFT and latency per answer from its arrival, every gap between two content chunks as
 * written, and how late each timed send went out against its due time (the simulator's own
 * lag). Served by `GET /_sim/stats`, emptied with the log.
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
      ttft_ms: this.ttft.summary(),
      latency_ms: this.latency.summary(),
      itl_ms: this.itl.summary(),
      late_ms: this.late.summary(),
      writes: this.writes,
      cpu_ms: { user: cpu.user / 1000, system: cpu.system / 1000 },
    };
  }
}

/** The body of `GET /_sim/stats`. */
export interface SendStatsJson {
  ttft_ms: FigureSummary;
  latency_ms: FigureSummary;
  itl_ms: FigureSummary;
  late_ms: FigureSummary;
  writes: number;
  /** CPU time of the simulator process since it started, ms. */
  cpu_ms: { user: number; system: number };
}
