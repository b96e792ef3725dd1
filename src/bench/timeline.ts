import { COARSE_DIGITS, Histogram } from '../core/histogram.js';

/**
 * A target's time series (`targets[].timeline` in `shepherd.bench/v1`): what finished in each
 * interval of the measured window, counted from its start (the first dispatch) and keyed by
 * completion time. Intervals are dense (`intervals[i]` covers [i·interval_ms, (i+1)·interval_ms)),
 * so two shards' series add slot by slot, exactly. Intervals start at 1 s; when a run outgrows
 * MAX_INTERVALS the interval doubles (pairs of slots add), so memory and file size stay bounded
 * and a shard and the whole run pick the same interval for the same elapsed time.
 */

export const BASE_INTERVAL_MS = 1000;
/** Past this many intervals the interval doubles. */
export const MAX_INTERVALS = 240;
/** Figures kept per interval, in small (2-significant-digit) histograms. */
export const TIMELINE_FIGURES = ['latency', 'ttft'] as const;
export type TimelineFigure = (typeof TIMELINE_FIGURES)[number];

export interface TimelineIntervalJson {
  ok: number;
  cancelled: number;
  errors: Record<string, number>;
  output_tokens: number;
  /** HdrHistogram compressed base64 (µs, 2 significant digits); an empty figure is left out. */
  histograms: { [F in TimelineFigure]?: string | undefined };
}

export interface TimelineJson {
  interval_ms: number;
  intervals: TimelineIntervalJson[];
}

/** One finished request as the timeline counts it. */
export interface TimelineRecord {
  outcome: string;
  /** Only for ok requests. */
  latencyMs?: number | undefined;
  ttftMs?: number | undefined;
  outputTokens?: number | undefined;
}

/**
 * One interval. Its two histograms are live (about 13 KB each, fixed-size HdrHistograms) only
 * while the interval can still get records; a closed interval keeps its counts as compact
 * `countPairs` (a few hundred 32-bit numbers), so a long run holds two live pairs, not one pair per
 * interval. Pairs, not encoded strings: widening the series re-adds every closed interval,
 * and decoding them (inflate buffers, a histogram per decode) would churn tens of MB of
 * ArrayBuffers that malloc keeps as RSS afterwards.
 */
interface Slot {
  ok: number;
  cancelled: number;
  errors: Record<string, number>;
  outputTokens: number;
  /** Live histograms; undefined while the slot is frozen (then `frozen` holds its counts). */
  hist: Record<TimelineFigure, Histogram> | undefined;
  /** The counts of a frozen slot (Histogram.countPairs; empty when nothing was recorded). */
  frozen: Record<TimelineFigure, Uint32Array>;
}

const NOTHING: Readonly<Record<TimelineFigure, Uint32Array>> = Object.freeze({
  latency: new Uint32Array(0),
  ttft: new Uint32Array(0),
});

function emptySlot(): Slot {
  return { ok: 0, cancelled: 0, errors: {}, outputTokens: 0, hist: undefined, frozen: NOTHING };
}

function fromPairs(pairs: Uint32Array): Histogram {
  const h = Histogram.withDigits(COARSE_DIGITS);
  h.addPairs(pairs);
  return h;
}

/** Makes the slot's histograms live (rebuilt from its counts if it was frozen) and returns them. */
function thaw(s: Slot): Record<TimelineFigure, Histogram> {
  if (!s.hist) {
    s.hist = { latency: fromPairs(s.frozen.latency), ttft: fromPairs(s.frozen.ttft) };
    s.frozen = NOTHING;
  }
  return s.hist;
}

/** Keeps the slot's counts as pairs and drops its live histograms. */
function freeze(s: Slot): void {
  if (!s.hist) return;
  s.frozen = { latency: s.hist.latency.countPairs(), ttft: s.hist.ttft.countPairs() };
  s.hist = undefined;
}

/**
 * Adds two `countPairs` lists (both ascending by value, one entry per bucket): the pairs of
 * the merged histogram, without building one.
 */
export function addCountPairs(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a.slice();
  const out = new Uint32Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const va = i < a.length ? (a[i] as number) : Infinity;
    const vb = j < b.length ? (b[j] as number) : Infinity;
    if (va === vb) {
      out[n++] = va;
      out[n++] = (a[i + 1] as number) + (b[j + 1] as number);
      i += 2;
      j += 2;
    } else if (va < vb) {
      out[n++] = va;
      out[n++] = a[i + 1] as number;
      i += 2;
    } else {
      out[n++] = vb;
      out[n++] = b[j + 1] as number;
      j += 2;
    }
  }
  return out.slice(0, n);
}

/** Adds `from` into `to` (counts, error classes and histograms; two frozen slots stay frozen). */
function addSlot(to: Slot, from: Slot): void {
  to.ok += from.ok;
  to.cancelled += from.cancelled;
  to.outputTokens += from.outputTokens;
  for (const [cls, n] of Object.entries(from.errors)) to.errors[cls] = (to.errors[cls] ?? 0) + n;
  if (from.hist) {
    const into = thaw(to);
    for (const f of TIMELINE_FIGURES) into[f].add(from.hist[f]);
  } else if (to.hist) {
    for (const f of TIMELINE_FIGURES) to.hist[f].addPairs(from.frozen[f]);
  } else if (from.frozen.latency.length > 0 || from.frozen.ttft.length > 0) {
    to.frozen = {
      latency: addCountPairs(to.frozen.latency, from.frozen.latency),
      ttft: addCountPairs(to.frozen.ttft, from.frozen.ttft),
    };
  }
}

/**
 * Slots `factor` times wider: slot i of the result holds slots i·factor .. i·factor+factor−1.
 * Every result slot but the last is frozen as soon as it is complete.
 */
function coarsen(slots: readonly Slot[], factor: number): Slot[] {
  const out: Slot[] = [];
  slots.forEach((s, i) => {
    const at = Math.floor(i / factor);
    while (out.length <= at) {
      const done = out.at(-1);
      if (done) freeze(done);
      out.push(emptySlot());
    }
    addSlot(out[at] as Slot, s);
  });
  return out;
}

export class Timeline {
  private origin = 0;
  private intervalMs = BASE_INTERVAL_MS;
  private slots: Slot[] = [];
  /** Slots below this index are frozen (a straggler thaws one for its record only). */
  private liveFrom = 0;
  /** The newest interval, looked up last (most records fall in it). */
  private lastIndex = -1;
  private last: { slot: Slot; index: number } | undefined;

  /** Starts the series at `originMs` (monotonic): the start of the measured window. */
  start(originMs: number): void {
    this.origin = originMs;
    this.intervalMs = BASE_INTERVAL_MS;
    this.slots = [];
    this.liveFrom = 0;
    this.lastIndex = -1;
    this.last = undefined;
  }

  /** Counts a request that finished at `atMs` (monotonic). */
  record(atMs: number, r: TimelineRecord): void {
    if (r.outcome === 'ok') {
      this.recordOk(atMs, r.latencyMs, r.ttftMs, r.outputTokens ?? 0);
      return;
    }
    const slot = this.slotAt(atMs).slot;
    if (r.outcome === 'cancelled') slot.cancelled += 1;
    else slot.errors[r.outcome] = (slot.errors[r.outcome] ?? 0) + 1;
  }

  /** An ok request, its figures as arguments (a bench records one per answer: no object for it). */
  recordOk(
    atMs: number,
    latencyMs: number | undefined,
    ttftMs: number | undefined,
    outputTokens: number,
  ): void {
    const { slot, index } = this.slotAt(atMs);
    slot.ok += 1;
    slot.outputTokens += outputTokens;
    if (latencyMs === undefined && ttftMs === undefined) return;
    const hist = thaw(slot);
    if (latencyMs !== undefined) hist.latency.record(latencyMs);
    if (ttftMs !== undefined) hist.ttft.record(ttftMs);
    if (index < this.liveFrom) freeze(slot);
  }

  /** The interval a record at `atMs` falls in (widening the series when it has outgrown it). */
  private slotAt(atMs: number): { slot: Slot; index: number } {
    const offset = Math.max(0, atMs - this.origin);
    let index = Math.floor(offset / this.intervalMs);
    if (index === this.lastIndex) return this.last as { slot: Slot; index: number };
    while (index >= MAX_INTERVALS) {
      this.slots = coarsen(this.slots, 2);
      this.intervalMs *= 2;
      this.liveFrom = Math.max(0, this.slots.length - 1);
      this.lastIndex = -1;
      index = Math.floor(offset / this.intervalMs);
    }
    while (this.slots.length <= index) this.slots.push(emptySlot());
    // The interval before the current one stays live for requests recorded a little late.
    for (; this.liveFrom < index - 1; this.liveFrom++) freeze(this.slots[this.liveFrom] as Slot);
    const at = { slot: this.slots[index] as Slot, index };
    // Only the newest interval is remembered: an older one may be frozen again after its record.
    if (index === this.slots.length - 1) {
      this.lastIndex = index;
      this.last = at;
    }
    return at;
  }

  /** How many intervals hold live (full-size) histograms: at most two, however long the run. */
  liveIntervals(): number {
    return this.slots.filter((s) => s.hist !== undefined).length;
  }

  toJSON(): TimelineJson {
    return { interval_ms: this.intervalMs, intervals: this.slots.map(slotToJson) };
  }
}

/** One reused histogram to encode frozen slots with (a series is serialized once, at the end). */
let scratch: Histogram | undefined;

function slotToJson(s: Slot): TimelineIntervalJson {
  const histograms: TimelineIntervalJson['histograms'] = {};
  for (const f of TIMELINE_FIGURES) {
    if (s.hist) {
      if (s.hist[f].count > 0) histograms[f] = s.hist[f].encode();
    } else if (s.frozen[f].length > 0) {
      scratch ??= Histogram.withDigits(COARSE_DIGITS);
      scratch.clear();
      scratch.addPairs(s.frozen[f]);
      histograms[f] = scratch.encode();
    }
  }
  return {
    ok: s.ok,
    cancelled: s.cancelled,
    errors: { ...s.errors },
    output_tokens: s.outputTokens,
    histograms,
  };
}

/** Reads a slot back (live); a histogram that cannot be decoded throws a plain Error. */
function slotFromJson(j: TimelineIntervalJson): Slot {
  const s = emptySlot();
  s.ok = j.ok;
  s.cancelled = j.cancelled;
  s.errors = { ...j.errors };
  s.outputTokens = j.output_tokens;
  const decode = (f: TimelineFigure): Histogram => {
    const encoded = j.histograms[f];
    return encoded === undefined
      ? Histogram.withDigits(COARSE_DIGITS)
      : Histogram.decode(encoded, COARSE_DIGITS);
  };
  s.hist = { latency: decode('latency'), ttft: decode('ttft') };
  return s;
}

/** The decoded histograms of one interval (empty ones included), for charts. */
export function intervalHistograms(j: TimelineIntervalJson): Record<TimelineFigure, Histogram> {
  return slotFromJson(j).hist as Record<TimelineFigure, Histogram>;
}

/**
 * Adds the series of runs that ran at the same time (shards), slot by slot. A finer series is
 * first widened to the widest interval, which must be a whole multiple of it (doubling always
 * gives one); otherwise the series are not of one kind and this throws a plain Error.
 */
export function mergeTimelines(parts: readonly TimelineJson[]): TimelineJson {
  const intervalMs = Math.max(...parts.map((p) => p.interval_ms));
  const merged: Slot[] = [];
  for (const p of parts) {
    const factor = intervalMs / p.interval_ms;
    if (!Number.isInteger(factor)) {
      throw new Error(
        `time series intervals of ${p.interval_ms} ms and ${intervalMs} ms do not line up`,
      );
    }
    const slots = coarsen(p.intervals.map(slotFromJson), factor);
    while (merged.length < slots.length) merged.push(emptySlot());
    slots.forEach((s, i) => addSlot(merged[i] as Slot, s));
  }
  return { interval_ms: intervalMs, intervals: merged.map(slotToJson) };
}
