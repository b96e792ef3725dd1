import { COARSE_DIGITS, Histogram } from './histogram.js';

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
 * while the interval can still get records; a closed interval keeps them encoded (a few hundred
 * bytes), so a long run holds two live pairs, not one pair per second.
 */
interface Slot {
  ok: number;
  cancelled: number;
  errors: Record<string, number>;
  outputTokens: number;
  /** Live histograms; undefined while the slot is frozen (then `frozen` holds them). */
  hist: Record<TimelineFigure, Histogram> | undefined;
  /** The encoded histograms of a frozen slot (an empty figure left out). */
  frozen: TimelineIntervalJson['histograms'];
}

function emptySlot(): Slot {
  return { ok: 0, cancelled: 0, errors: {}, outputTokens: 0, hist: undefined, frozen: {} };
}

/** The slot's histograms, decoded when it is frozen (the slot itself is left as it is). */
function histogramsOf(s: Slot): Record<TimelineFigure, Histogram> {
  if (s.hist) return s.hist;
  const encoded = s.frozen;
  const decode = (f: TimelineFigure): Histogram => {
    const e = encoded[f];
    return e === undefined
      ? Histogram.withDigits(COARSE_DIGITS)
      : Histogram.decode(e, COARSE_DIGITS);
  };
  return { latency: decode('latency'), ttft: decode('ttft') };
}

/** Makes the slot's histograms live (decoding them if it was frozen) and returns them. */
function thaw(s: Slot): Record<TimelineFigure, Histogram> {
  if (!s.hist) {
    s.hist = histogramsOf(s);
    s.frozen = {};
  }
  return s.hist;
}

/** Encodes the slot's live histograms and drops them. */
function freeze(s: Slot): void {
  if (!s.hist) return;
  s.frozen = encodeHistograms(s.hist);
  s.hist = undefined;
}

function encodeHistograms(
  hist: Record<TimelineFigure, Histogram>,
): TimelineIntervalJson['histograms'] {
  const out: TimelineIntervalJson['histograms'] = {};
  for (const f of TIMELINE_FIGURES) if (hist[f].count > 0) out[f] = hist[f].encode();
  return out;
}

/** Adds `from` into `to` (counts, error classes and histograms). */
function addSlot(to: Slot, from: Slot): void {
  to.ok += from.ok;
  to.cancelled += from.cancelled;
  to.outputTokens += from.outputTokens;
  for (const [cls, n] of Object.entries(from.errors)) to.errors[cls] = (to.errors[cls] ?? 0) + n;
  if (!from.hist && from.frozen.latency === undefined && from.frozen.ttft === undefined) return;
  const into = thaw(to);
  const add = histogramsOf(from);
  for (const f of TIMELINE_FIGURES) into[f].add(add[f]);
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

  /** Starts the series at `originMs` (monotonic): the start of the measured window. */
  start(originMs: number): void {
    this.origin = originMs;
    this.intervalMs = BASE_INTERVAL_MS;
    this.slots = [];
    this.liveFrom = 0;
  }

  /** Counts a request that finished at `atMs` (monotonic). */
  record(atMs: number, r: TimelineRecord): void {
    const offset = Math.max(0, atMs - this.origin);
    while (Math.floor(offset / this.intervalMs) >= MAX_INTERVALS) {
      this.slots = coarsen(this.slots, 2);
      this.intervalMs *= 2;
      this.liveFrom = Math.max(0, this.slots.length - 1);
    }
    const index = Math.floor(offset / this.intervalMs);
    while (this.slots.length <= index) this.slots.push(emptySlot());
    // The interval before the current one stays live for requests recorded a little late.
    for (; this.liveFrom < index - 1; this.liveFrom++) freeze(this.slots[this.liveFrom] as Slot);
    const slot = this.slots[index] as Slot;
    if (r.outcome === 'cancelled') slot.cancelled += 1;
    else if (r.outcome !== 'ok') slot.errors[r.outcome] = (slot.errors[r.outcome] ?? 0) + 1;
    else {
      slot.ok += 1;
      slot.outputTokens += r.outputTokens ?? 0;
      if (r.latencyMs === undefined && r.ttftMs === undefined) return;
      const hist = thaw(slot);
      if (r.latencyMs !== undefined) hist.latency.record(r.latencyMs);
      if (r.ttftMs !== undefined) hist.ttft.record(r.ttftMs);
      if (index < this.liveFrom) freeze(slot);
    }
  }

  /** How many intervals hold live (full-size) histograms: at most two, however long the run. */
  liveIntervals(): number {
    return this.slots.filter((s) => s.hist !== undefined).length;
  }

  toJSON(): TimelineJson {
    return { interval_ms: this.intervalMs, intervals: this.slots.map(slotToJson) };
  }
}

function slotToJson(s: Slot): TimelineIntervalJson {
  const histograms = s.hist ? encodeHistograms(s.hist) : { ...s.frozen };
  return {
    ok: s.ok,
    cancelled: s.cancelled,
    errors: { ...s.errors },
    output_tokens: s.outputTokens,
    histograms,
  };
}

/** Reads a slot back; a histogram that cannot be decoded throws a plain Error. */
function slotFromJson(j: TimelineIntervalJson): Slot {
  const s = emptySlot();
  s.ok = j.ok;
  s.cancelled = j.cancelled;
  s.errors = { ...j.errors };
  s.outputTokens = j.output_tokens;
  s.frozen = { ...j.histograms };
  thaw(s); // decodes now, so a bad histogram throws here
  return s;
}

/** The decoded histograms of one interval (empty ones included), for charts. */
export function intervalHistograms(j: TimelineIntervalJson): Record<TimelineFigure, Histogram> {
  return histogramsOf(slotFromJson(j));
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
