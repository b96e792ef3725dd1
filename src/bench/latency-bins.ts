import type { Histogram } from '../core/histogram.js';

/** One bar of the live latency histogram: the requests with latency in (fromMs, toMs]. */
export interface LatencyBin {
  fromMs: number;
  toMs: number;
  count: number;
}

/**
 * The latency histogram of the live view (like oha's): `bins` bars from the fastest to the
 * slowest request, evenly spaced on a log scale (latencies spread over decades; a linear
 * scale would put nearly everything in the first bar), or linearly when they span less than
 * a factor of 2. Counts come from the HDR histogram's buckets, so they add up to its count.
 */
export function latencyBins(h: Histogram, bins = 10): LatencyBin[] {
  const buckets = h.buckets();
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (!first || !last) return [];
  const lo = Math.max(first.valueMs, 0.001);
  const hi = Math.max(last.valueMs, lo);
  if (hi === lo) return [{ fromMs: 0, toMs: hi, count: h.count }];
  const log = hi / lo >= 2;
  const edge = (i: number): number =>
    log ? lo * (hi / lo) ** (i / bins) : lo + ((hi - lo) * i) / bins;
  const out: LatencyBin[] = Array.from({ length: bins }, (_, i) => ({
    fromMs: i === 0 ? 0 : edge(i),
    toMs: i === bins - 1 ? hi : edge(i + 1),
    count: 0,
  }));
  let i = 0;
  for (const b of buckets) {
    while (i < bins - 1 && b.valueMs > (out[i] as LatencyBin).toMs) i++;
    (out[i] as LatencyBin).count += b.count;
  }
  return out;
}
