import type { AttemptResult } from '../../core/result.js';
import { outputTokens } from '../../core/result.js';

/**
 * Token lengths counted exactly (value → how many requests), so percentiles are exact to the
 * token and shards merge by adding counts.
 */
export interface LengthSummary {
  count: number;
  p50: number | null;
  p90: number | null;
  max: number | null;
  mean: number | null;
  /** `{"<tokens>": requests}` */
  counts: Record<string, number>;
}

export class LengthCounts {
  private readonly counts = new Map<number, number>();
  private n = 0;
  /**
   * Adds of the length added last, not yet in `counts`: a bench adds the same length over and
   * over (one prompt, fixed answers), and a counter is cheaper than a map update per request.
   */
  private runValue = NaN;
  private runCount = 0;

  get size(): number {
    return this.n;
  }

  add(tokens: number, times = 1): void {
    this.n += times;
    if (tokens === this.runValue) {
      this.runCount += times;
      return;
    }
    this.flush();
    this.runValue = tokens;
    this.runCount = times;
  }

  /** Moves the pending run into the map. */
  private flush(): void {
    if (this.runCount > 0) {
      this.counts.set(this.runValue, (this.counts.get(this.runValue) ?? 0) + this.runCount);
    }
    this.runCount = 0;
  }

  addAll(counts: Record<string, number>): void {
    for (const [k, v] of Object.entries(counts)) this.add(Number(k), v);
  }

  /** Nearest rank: the smallest length with at least p % of the requests at or below it. */
  private percentile(sorted: [number, number][], p: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (const [v, c] of sorted) {
      seen += c;
      if (seen >= rank) return v;
    }
    return sorted[sorted.length - 1]?.[0] ?? null;
  }

  toJSON(): LengthSummary {
    this.flush();
    const sorted = [...this.counts].sort((a, b) => a[0] - b[0]);
    const total = sorted.reduce((s, [v, c]) => s + v * c, 0);
    return {
      count: this.n,
      p50: this.percentile(sorted, 50),
      p90: this.percentile(sorted, 90),
      max: sorted[sorted.length - 1]?.[0] ?? null,
      mean: this.n > 0 ? Math.round((total / this.n) * 10) / 10 : null,
      counts: Object.fromEntries(sorted.map(([v, c]) => [String(v), c])),
    };
  }
}

/** What one request sent: its input length (o200k) and the max_tokens it asked for. */
export interface SentLengths {
  inputTokens?: number;
  maxTokens?: number;
}

export const LENGTH_KEYS = ['input_sent', 'input_got', 'output_asked', 'output_got'] as const;
export type LengthKey = (typeof LENGTH_KEYS)[number];
export type LengthsJson = Record<LengthKey, LengthSummary>;

/**
 * Per target: input tokens sent (counted by shepherd under o200k) and got (the server's
 * `usage.prompt_tokens`), output tokens asked (`max_tokens`) and got (usage or chunks).
 * Sent/asked count every request that went out; got counts ok requests.
 */
export class LengthStats {
  private readonly d: Record<LengthKey, LengthCounts> = {
    input_sent: new LengthCounts(),
    input_got: new LengthCounts(),
    output_asked: new LengthCounts(),
    output_got: new LengthCounts(),
  };

  record(r: AttemptResult, sent: SentLengths | undefined): void {
    if (!sent) return;
    if (sent.inputTokens !== undefined) this.d.input_sent.add(sent.inputTokens);
    if (sent.maxTokens !== undefined) this.d.output_asked.add(sent.maxTokens);
    if (r.outcome !== 'ok') return;
    if (r.usage) this.d.input_got.add(r.usage.prompt_tokens);
    this.d.output_got.add(outputTokens(r));
  }

  get empty(): boolean {
    return LENGTH_KEYS.every((k) => this.d[k].size === 0);
  }

  toJSON(): LengthsJson {
    return Object.fromEntries(LENGTH_KEYS.map((k) => [k, this.d[k].toJSON()])) as LengthsJson;
  }
}

/** Adds length blocks of several shards exactly. */
export function mergeLengths(parts: readonly LengthsJson[]): LengthsJson {
  return Object.fromEntries(
    LENGTH_KEYS.map((k) => {
      const c = new LengthCounts();
      for (const p of parts) c.addAll(p[k]?.counts ?? {});
      return [k, c.toJSON()];
    }),
  ) as LengthsJson;
}
