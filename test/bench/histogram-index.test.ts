import { build, type JsHistogram } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { countsIndex, Histogram, HIGHEST_US } from '../../src/core/histogram.js';
import { createRng } from '../../src/core/rng.js';

/** The library's own histograms, as src/core/histogram.ts builds them (pure JS). */
const libraryHdr = (digits: 2 | 3): JsHistogram =>
  build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: digits,
    useWebAssembly: false,
  }) as JsHistogram;

/** Every edge the index has: 0, each power of two and its neighbours, up to the range's top. */
function edgeValues(): number[] {
  const out = [0, 1, 2, 3, HIGHEST_US - 1, HIGHEST_US];
  for (let p = 1; p < 2 ** 32; p *= 2) {
    for (const v of [p - 1, p, p + 1]) if (v >= 0 && v <= HIGHEST_US) out.push(v);
  }
  const rng = createRng(7);
  for (let i = 0; i < 20_000; i++) out.push(Math.floor(rng() ** 4 * HIGHEST_US));
  return out;
}

describe('countsIndex: the integer counts index', () => {
  it.each([2, 3] as const)('equals the library’s countsArrayIndex at %d digits', (digits) => {
    const hdr = libraryHdr(digits);
    for (const v of edgeValues()) {
      expect(
        countsIndex(v, hdr.subBucketHalfCountMagnitude, hdr.subBucketHalfCount),
        String(v),
      ).toBe(hdr.countsArrayIndex(v));
    }
  });

  it('a Histogram records exactly what the library records (counts, min, max, total)', () => {
    const ours = new Histogram();
    const theirs = libraryHdr(3);
    const rng = createRng(11);
    for (let i = 0; i < 5000; i++) {
      const ms = rng() < 0.01 ? 0 : rng() ** 3 * 90_000;
      ours.record(ms);
      theirs.recordValue(Math.round(ms * 1000));
    }
    ours.record(-5); // clamped to 0, as before
    theirs.recordValue(0);
    ours.record(10 * 3_600_000); // clamped to one hour
    theirs.recordValue(HIGHEST_US);
    const back = Histogram.decode(ours.encode());
    expect(back.count).toBe(theirs.totalCount);
    const expected = new Histogram(theirs);
    expect(ours.summary()).toEqual(expected.summary());
    expect(ours.buckets()).toEqual(expected.buckets());
    expect(ours.encode()).toBe(expected.encode());
  });
});
