import { thinPercentiles, type PercentileKey } from './thin-sample.js';
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type JsHistogram,
} from 'hdr-histogram-js';

/**
 * A latency histogram: values recorded in milliseconds, stored in microseconds in an
 * HdrHistogram (1 µs .. 1 h, 3 significant digits, fixed size, pure JS). Values beyond the
 * range are clamped to it (negative to 0, above 1 h to 1 h) so a record never throws.
 */

/** Lowest discernible value, µs. */
const LOWEST_US = 1;
/** Highest trackable value, µs: one hour. */
export const HIGHEST_US = 3_600_000_000;
type Digits = 1 | 2 | 3 | 4 | 5;
const SIGNIFICANT_DIGITS: Digits = 3;
/** Precision of the small per-interval histograms of a time series (1 % steps; about 200 bytes encoded). */
export const COARSE_DIGITS: Digits = 2;

/** The figure block of the result document: every value in ms; null when nothing was recorded. */
export interface FigureSummary {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  mean: number | null;
  count: number;
  /**
   * Percentiles this many samples cannot support (thin-sample.ts: fewer than 5 at or beyond
   * them); present when count > 0. Shown marked, never judged by `--slo`.
   */
  thin?: PercentileKey[] | undefined;
}

/** One non-empty bucket: its representative value (ms, the bucket's highest equivalent value) and count. */
export interface Bucket {
  valueMs: number;
  count: number;
}

const PERCENTILES = [
  ['p50', 50],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  ['p999', 99.9],
] as const;

function newHdr(digits: Digits = SIGNIFICANT_DIGITS): JsHistogram {
  return build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: digits,
    useWebAssembly: false,
  }) as JsHistogram;
}

function toUs(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return 0;
  return Math.min(HIGHEST_US, Math.round(ms * 1000));
}

/** Rounds a µs value to ms with µs precision (avoids 0.30000000000000004 in JSON). */
function usToMs(us: number): number {
  return Math.round(us) / 1000;
}

/** Index of the first sorted bucket whose cumulative count reaches `rank` (1-based). */
export function rankForPercentile(percentile: number, total: number): number {
  // HdrHistogram's rule: the smallest value that `percentile`% of the entries are <= to.
  return Math.max(1, Math.ceil((percentile / 100) * total - 1e-9));
}

/** Reused by countPairs (one histogram at a time, synchronously). */
const pairScratch: number[] = [];

/**
 * HdrHistogram's counts index of `us` (an integer µs value below 2³²) for a histogram whose
 * lowest discernible value is 1 (unit magnitude 0), in integer arithmetic: the library computes
 * it with `Math.log2` and `Math.pow` on every record (about 0.35 µs a request in a bench at
 * 50k req/s, measured with `perf`). Equal to the library's `countsArrayIndex` for every such
 * value (test/bench/histogram-index.test.ts checks it against the library).
 */
export function countsIndex(us: number, halfMagnitude: number, halfCount: number): number {
  const top = 31 - Math.clz32(us);
  const bucket = top > halfMagnitude ? top - halfMagnitude : 0;
  return ((bucket + 1) << halfMagnitude) + (us >>> bucket) - halfCount;
}

export class Histogram {
  private readonly hdr: JsHistogram;
  /** The bucket layout for countsIndex, or -1 when this histogram's unit is not 1 µs. */
  readonly #halfMagnitude: number;
  readonly #halfCount: number;
  readonly #length: number;

  constructor(hdr?: JsHistogram) {
    this.hdr = hdr ?? newHdr();
    this.#halfMagnitude = this.hdr.unitMagnitude === 0 ? this.hdr.subBucketHalfCountMagnitude : -1;
    this.#halfCount = this.hdr.subBucketHalfCount;
    this.#length = this.hdr.countsArrayLength;
  }

  /** Records a value in milliseconds, `count` times (the same as `count` single records). */
  record(ms: number, count = 1): void {
    const us = toUs(ms);
    if (count === 1) {
      const i =
        this.#halfMagnitude < 0 ? -1 : countsIndex(us, this.#halfMagnitude, this.#halfCount);
      if (i < 0 || i >= this.#length) return this.hdr.recordValue(us);
      // What the library's recordSingleValue does once it has the index.
      this.hdr.incrementCountAtIndex(i);
      this.hdr.updateMinAndMax(us);
      this.hdr.incrementTotalCount();
    } else if (count > 1) this.hdr.recordValueWithCount(us, count);
  }

  get count(): number {
    return this.hdr.totalCount;
  }

  /** Adds every count of `other` into this histogram (exact merge). */
  add(other: Histogram): void {
    this.hdr.add(other.hdr);
  }

  /** Non-empty buckets in ascending value order. */
  buckets(): Bucket[] {
    const out: Bucket[] = [];
    this.forEachRecorded((highestUs, count) => {
      out.push({ valueMs: usToMs(highestUs), count });
    });
    return out;
  }

  /**
   * Calls `fn` for every non-empty bucket in ascending order with its highest equivalent value
   * (µs), its count and its median equivalent value, as HdrHistogram's recorded-values iterator
   * reports them, but reading the counts array directly and stopping at the last count: the
   * iterator's per-slot bookkeeping made a live view's summaries take 0.5–8 ms per histogram,
   * long enough to make an open-loop send late.
   */
  private forEachRecorded(
    fn: (highestUs: number, count: number, medianUs: number, lowestUs: number) => void,
  ): void {
    const hdr = this.hdr;
    const total = hdr.totalCount;
    let seen = 0;
    for (let i = 0; seen < total && i < hdr.countsArrayLength; i++) {
      const n = hdr.getCountAtIndex(i);
      if (n === 0) continue;
      seen += n;
      const value = hdr.valueFromIndex(i);
      fn(
        hdr.highestEquivalentValue(value),
        n,
        hdr.medianEquivalentValue(value),
        hdr.lowestEquivalentValue(value),
      );
    }
  }

  /**
   * p50/p90/p95/p99/p99.9/max/mean in ms, computed in one pass over the non-empty buckets
   * (cheap enough for a live view several times a second). A percentile is the highest value
   * equivalent (to 3 significant digits) to the recorded value at that rank, as HdrHistogram
   * reports it; max likewise; mean uses each bucket's median equivalent value.
   */
  summary(): FigureSummary {
    const total = this.hdr.totalCount;
    if (total === 0) {
      return {
        p50: null,
        p90: null,
        p95: null,
        p99: null,
        p999: null,
        max: null,
        mean: null,
        count: 0,
      };
    }
    const ranks = PERCENTILES.map(([, p]) => rankForPercentile(p, total));
    const values: number[] = [];
    let cumulative = 0;
    let next = 0;
    let sum = 0;
    let lastUs = 0;
    this.forEachRecorded((highest, n, median) => {
      cumulative += n;
      sum += median * n;
      lastUs = highest;
      while (next < ranks.length && cumulative >= (ranks[next] as number)) {
        values.push(highest);
        next += 1;
      }
    });
    const at = (i: number): number => usToMs(values[i] ?? lastUs);
    return {
      p50: at(0),
      p90: at(1),
      p95: at(2),
      p99: at(3),
      p999: at(4),
      max: usToMs(lastUs),
      mean: usToMs(sum / total),
      count: total,
      thin: thinPercentiles(total),
    };
  }

  /**
   * The recorded counts as flat `[µs, count, µs, count, …]` pairs, one per non-empty bucket
   * (its lowest equivalent value), ascending: a compact, exact copy to keep instead of the
   * fixed-size histogram (a 2-digit one is ~13 KB of counts whatever it holds). Every value
   * fits 32 bits (HIGHEST_US < 2³²; counts are 32-bit). `addPairs` reads it back.
   */
  countPairs(): Uint32Array {
    if (this.hdr.totalCount === 0) return new Uint32Array(0);
    const out = pairScratch;
    out.length = 0;
    this.forEachRecorded((_highest, count, _median, lowest) => {
      out.push(lowest, count);
    });
    return Uint32Array.from(out);
  }

  /** Adds counts kept by `countPairs` (an exact merge, like `add`). */
  addPairs(pairs: ArrayLike<number>): void {
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      this.hdr.recordValueWithCount(pairs[i] as number, pairs[i + 1] as number);
    }
  }

  /** Forgets every count (the histogram's memory is kept for reuse). */
  clear(): void {
    this.hdr.reset();
  }

  /** HdrHistogram V2 compressed base64 (values in µs), readable by any HdrHistogram tool. */
  encode(): string {
    return encodeIntoCompressedBase64(this.hdr);
  }

  /** Decodes an encoded histogram; throws a plain Error on anything that is not one. */
  static decode(base64: string, digits: Digits = SIGNIFICANT_DIGITS): Histogram {
    const decoded = decodeFromCompressedBase64(base64, 32, false) as JsHistogram;
    const h = Histogram.withDigits(digits);
    // A value clamped to the top (one hour) decodes as its bucket's highest equivalent value.
    if (decoded.maxValue > h.hdr.highestEquivalentValue(HIGHEST_US)) {
      throw new Error(`histogram holds values above ${HIGHEST_US} µs (1 h)`);
    }
    h.hdr.add(decoded);
    return h;
  }

  /** A histogram of `digits` significant digits (COARSE_DIGITS for per-interval ones). */
  static withDigits(digits: Digits): Histogram {
    return new Histogram(newHdr(digits));
  }

  static from(values: Iterable<number>): Histogram {
    const h = new Histogram();
    for (const v of values) h.record(v);
    return h;
  }
}
