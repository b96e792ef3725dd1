/**
 * A bounded latency-over-time series for a sparkline: the median latency of the requests
 * that finished in each second, the last `capacity` seconds kept (constant memory).
 */
export interface SeriesPoint {
  /** Whole seconds since the series' origin. */
  second: number;
  p50Ms: number;
  count: number;
}

/** At most this many samples are kept per second (reservoir beyond, deterministic). */
const PER_SECOND_CAP = 1024;

export class LatencySeries {
  private readonly points: SeriesPoint[] = [];
  private current = -1;
  private samples: number[] = [];
  private seen = 0;

  constructor(
    private readonly originMs: number,
    private readonly capacity = 120,
  ) {}

  /** Adds a latency (ms) of a request that finished at `atMs` (monotonic). */
  add(atMs: number, latencyMs: number): void {
    const second = Math.max(0, Math.floor((atMs - this.originMs) / 1000));
    if (second !== this.current) {
      if (second < this.current) return; // late arrival for a closed second: dropped
      this.roll();
      this.current = second;
    }
    this.seen += 1;
    if (this.samples.length < PER_SECOND_CAP) this.samples.push(latencyMs);
    else this.samples[this.seen % PER_SECOND_CAP] = latencyMs;
  }

  /** Closed seconds plus the current partial one, oldest first. */
  toArray(): SeriesPoint[] {
    const open = this.openPoint();
    return open ? [...this.points, open] : this.points.slice();
  }

  private openPoint(): SeriesPoint | undefined {
    if (this.current < 0 || this.samples.length === 0) return undefined;
    const sorted = this.samples.slice().sort((a, b) => a - b);
    const mid = sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)] as number;
    return { second: this.current, p50Ms: mid, count: this.seen };
  }

  private roll(): void {
    const p = this.openPoint();
    if (p) {
      this.points.push(p);
      if (this.points.length > this.capacity) this.points.shift();
    }
    this.samples = [];
    this.seen = 0;
  }
}
