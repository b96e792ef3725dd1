import type { AttemptResult } from '../../core/result.js';
import { Histogram, type FigureSummary } from '../../core/histogram.js';

/** One turn index of a multi-turn run, per target (`targets[].turns[]`). */
export interface TurnJson {
  /** 1-based turn of the conversation. */
  turn: number;
  requests: number;
  ok: number;
  ttft_ms: FigureSummary;
  latency_ms: FigureSummary;
  /** Sum of o200k input tokens sent (history included) and of `cached_tokens` reported. */
  input_tokens: number;
  cached_tokens: number;
  histograms: { ttft: string; latency: string };
}

interface Turn {
  requests: number;
  ok: number;
  ttft: Histogram;
  latency: Histogram;
  input: number;
  cached: number;
}

const blank = (): Turn => ({
  requests: 0,
  ok: 0,
  ttft: new Histogram(),
  latency: new Histogram(),
  input: 0,
  cached: 0,
});

/**
 * Figures per turn index (turn 1 of every conversation together, turn 2 ...), so the TTFT
 * of turn 5 next to turn 1 shows what the server's prefix cache saves on a growing history.
 * Timed like the target's own figures (from the intended start when there is one).
 */
export class TurnStats {
  private readonly turns: Map<number, Turn>;

  constructor(turns = new Map<number, Turn>()) {
    this.turns = turns;
  }

  get size(): number {
    return this.turns.size;
  }

  record(r: AttemptResult, turn: number | undefined, inputTokens: number | undefined): void {
    if (turn === undefined || r.outcome === 'cancelled') return;
    let t = this.turns.get(turn);
    if (!t) this.turns.set(turn, (t = blank()));
    t.requests += 1;
    t.input += inputTokens ?? 0;
    if (r.outcome !== 'ok') return;
    t.ok += 1;
    const base = r.intendedStart ?? r.start;
    t.latency.record(r.end - base);
    if (r.firstToken !== undefined) t.ttft.record(r.firstToken - base);
    t.cached += r.usage?.cached_tokens ?? 0;
  }

  toJSON(): TurnJson[] {
    return [...this.turns]
      .sort((a, b) => a[0] - b[0])
      .map(([turn, t]) => ({
        turn,
        requests: t.requests,
        ok: t.ok,
        ttft_ms: t.ttft.summary(),
        latency_ms: t.latency.summary(),
        input_tokens: t.input,
        cached_tokens: t.cached,
        histograms: { ttft: t.ttft.encode(), latency: t.latency.encode() },
      }));
  }
}

/** Adds the turn figures of several shards: counts add, histograms add. */
export function mergeTurns(parts: readonly TurnJson[][]): TurnJson[] {
  const by = new Map<number, Turn>();
  for (const part of parts) {
    for (const j of part) {
      let t = by.get(j.turn);
      if (!t) by.set(j.turn, (t = blank()));
      t.requests += j.requests;
      t.ok += j.ok;
      t.input += j.input_tokens;
      t.cached += j.cached_tokens;
      t.ttft.add(Histogram.decode(j.histograms.ttft));
      t.latency.add(Histogram.decode(j.histograms.latency));
    }
  }
  return new TurnStats(by).toJSON();
}
