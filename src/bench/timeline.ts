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

interface Slot {
  ok: number;
  cancelled: number;
  errors: Record<string, number>;
  outputTokens: number;
  hist: Record<TimelineFigure, Histogram>;
}

function emptySlot(): Slot {
  return {
    ok: 0,
    cancelled: 0,
    errors: {},
    outputTokens: 0,
    hist: {
      latency: Histogram.withDigits(COARSE_DIGITS),
      ttft: Histogram.withDigits(COARSE_DIGITS),
    },
  };
}

/** Adds `from` into `to` (counts, error classes and histograms). */
function addSlot(to: Slot, from: Slot): void {
  to.ok += from.ok;
  to.cancelled += from.cancelled;
  to.outputTokens += from.outputTokens;
  for (const [cls, n] of Object.entries(from.errors)) to.errors[cls] = (to.errors[cls] ?? 0) + n;
  for (const f of TIMELINE_FIGURES) to.hist[f].add(from.hist[f]);
}

/** Slots `factor` times wider: slot i of the result holds slots i·factor .. i·factor+factor−1. */
function coarsen(slots: readonly Slot[], factor: number): Slot[] {
  const out: Slot[] = [];
  slots.forEach((s, i) => {
    const at = Math.floor(i / factor);
    while (out.length <= at) out.push(emptySlot());
    addSlot(out[at] as Slot, s);
  });
  return out;
}

export class Timeline {
  private origin = 0;
  private intervalMs = BASE_INTERVAL_MS;
  private slots: Slot[] = [];

  /** Starts the series at `originMs` (monotonic): the start of the measured window. */
  start(originMs: number): void {
    this.origin = originMs;
    this.intervalMs = BASE_INTERVAL_MS;
    this.slots = [];
  }

  /** Counts a request that finished at `atMs` (monotonic). */
  record(atMs: number, r: TimelineRecord): void {
    const offset = Math.max(0, atMs - this.origin);
    while (Math.floor(offset / this.intervalMs) >= MAX_INTERVALS) {
      this.slots = coarsen(this.slots, 2);
      this.intervalMs *= 2;
    }
    const index = Math.floor(offset / this.intervalMs);
    while (this.slots.length <= index) this.slots.push(emptySlot());
    const slot = this.slots[index] as Slot;
    if (r.outcome === 'cancelled') slot.cancelled += 1;
    else if (r.outcome !== 'ok') slot.errors[r.outcome] = (slot.errors[r.outcome] ?? 0) + 1;
    else {
      slot.ok += 1;
      slot.outputTokens += r.outputTokens ?? 0;
      if (r.latencyMs !== undefined) slot.hist.latency.record(r.latencyMs);
      if (r.ttftMs !== undefined) slot.hist.ttft.record(r.ttftMs);
    }
  }

  toJSON(): TimelineJson {
    return { interval_ms: this.intervalMs, intervals: this.slots.map(slotToJson) };
  }
}

function slotToJson(s: Slot): TimelineIntervalJson {
  const histograms: TimelineIntervalJson['histograms'] = {};
  for (const f of TIMELINE_FIGURES) if (s.hist[f].count > 0) histograms[f] = s.hist[f].encode();
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
  for (const f of TIMELINE_FIGURES) {
    const encoded = j.histograms[f];
    if (encoded !== undefined) s.hist[f] = Histogram.decode(encoded, COARSE_DIGITS);
  }
  return s;
}

/** The decoded histograms of one interval (empty ones included), for charts. */
export function intervalHistograms(j: TimelineIntervalJson): Record<TimelineFigure, Histogram> {
  return slotFromJson(j).hist;
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
