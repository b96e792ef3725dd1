import { z } from 'zod';
import type { AttemptResult } from '../core/result.js';
import { Histogram } from '../core/histogram.js';

/**
 * `bench --route` under faults: what users of a fallback chain need per route target — the
 * share of requests each model answered, the latency failover added (fallback-served vs
 * primary-served), attempts per request, time waiting on Retry-After and backoff, the hedge
 * (rate, share won, extra cost) and the breaker's changes over the run. Fed with every
 * record that carries `chain` facts; the breaker timeline is added by the runner's caller.
 */

const count = z.number().int().nonnegative();
const num = z.number().nonnegative();
const nullableMs = num.nullable();
const latencySchema = z.object({
  count,
  p50: nullableMs,
  p99: nullableMs,
  /** The encoded histogram (µs), so merged results stay exact. */
  histogram: z.string(),
});

export const breakerChangeSchema = z.object({
  /** Seconds since the measured window started (negative: during warmup). */
  t_s: z.number(),
  model: z.string(),
  from: z.enum(['closed', 'open', 'half_open']),
  to: z.enum(['closed', 'open', 'half_open']),
  /** When it (re-)opened: the cooldown before the next half-open probe. */
  cooldown_ms: num.optional(),
});
export type BreakerChangeJson = z.infer<typeof breakerChangeSchema>;

export const routeResultSchema = z.object({
  primary: z.string(),
  /** Ok requests per answering model, and their share of all ok requests. */
  answered_by: z.record(z.string(), z.object({ requests: count, share: z.number().min(0).max(1) })),
  /** End-to-end latency of ok requests, split by who answered. */
  primary_served_ms: latencySchema,
  fallback_served_ms: latencySchema,
  /** HTTP attempts per request (retries and hedge legs included): mean, max, and counts by number. */
  attempts_per_request: z.object({ mean: num, max: count, counts: z.record(z.string(), count) }),
  /** Time spent waiting on Retry-After and backoff. */
  wait_ms: z.object({ total: num, mean: num, max: num }),
  hedge: z.object({
    requests: count,
    rate: num,
    won: count,
    /** Of the hedged requests, the share the hedge leg answered. */
    won_share: num,
    /** Tokens the gateway reported for cancelled legs, and their cost (null when some were unpriced). */
    cancelled_tokens: count,
    extra_cost_usd: num.nullable(),
  }),
  breaker_changes: z.array(breakerChangeSchema),
});
export type RouteResult = z.infer<typeof routeResultSchema>;

export class RouteStats {
  readonly #answered = new Map<string, number>();
  readonly #primary = new Histogram();
  readonly #fallback = new Histogram();
  readonly #attempts = new Map<number, number>();
  #primaryName = '';
  #requests = 0;
  #attemptTotal = 0;
  #waitTotal = 0;
  #waitMax = 0;
  #hedged = 0;
  #hedgeWon = 0;
  #cancelledTokens = 0;
  #extraUsd = 0;
  #unpriced = false;

  record(r: AttemptResult): void {
    const c = r.chain;
    if (!c || r.outcome === 'cancelled') return;
    this.#primaryName = c.primary;
    this.#requests += 1;
    this.#attemptTotal += c.attempts;
    this.#attempts.set(c.attempts, (this.#attempts.get(c.attempts) ?? 0) + 1);
    this.#waitTotal += c.waitedMs;
    this.#waitMax = Math.max(this.#waitMax, c.waitedMs);
    if (c.hedged) this.#hedged += 1;
    if (c.hedgeWon) this.#hedgeWon += 1;
    if (c.hedgeCancelledUsage) this.#cancelledTokens += c.hedgeCancelledUsage.total_tokens;
    this.#extraUsd += c.hedgeCancelledUsd;
    if (c.hedgeCancelledUnpriced) this.#unpriced = true;
    if (r.outcome !== 'ok') return;
    this.#answered.set(r.model, (this.#answered.get(r.model) ?? 0) + 1);
    const latency = r.end - (r.intendedStart ?? r.start);
    (r.model === c.primary ? this.#primary : this.#fallback).record(latency);
  }

  /** Answers per model so far (the live view's share column). */
  answeredBy(): Record<string, number> {
    return Object.fromEntries(this.#answered);
  }

  toJSON(breakerChanges: BreakerChangeJson[] = []): RouteResult {
    const ok = [...this.#answered.values()].reduce((a, b) => a + b, 0);
    const n = this.#requests;
    return {
      primary: this.#primaryName,
      answered_by: Object.fromEntries(
        [...this.#answered].map(([m, k]) => [m, { requests: k, share: ok > 0 ? k / ok : 0 }]),
      ),
      primary_served_ms: latencyJson(this.#primary),
      fallback_served_ms: latencyJson(this.#fallback),
      attempts_per_request: {
        mean: n > 0 ? this.#attemptTotal / n : 0,
        max: Math.max(0, ...this.#attempts.keys()),
        counts: Object.fromEntries([...this.#attempts].sort((a, b) => a[0] - b[0])),
      },
      wait_ms: {
        total: round(this.#waitTotal),
        mean: n > 0 ? round(this.#waitTotal / n) : 0,
        max: round(this.#waitMax),
      },
      hedge: {
        requests: this.#hedged,
        rate: n > 0 ? this.#hedged / n : 0,
        won: this.#hedgeWon,
        won_share: this.#hedged > 0 ? this.#hedgeWon / this.#hedged : 0,
        cancelled_tokens: this.#cancelledTokens,
        extra_cost_usd: this.#unpriced ? null : micro(this.#extraUsd),
      },
      breaker_changes: breakerChanges,
    };
  }
}

function latencyJson(h: Histogram): RouteResult['primary_served_ms'] {
  const s = h.summary();
  return { count: h.count, p50: s.p50, p99: s.p99, histogram: h.encode() };
}

const round = (x: number): number => Math.round(x * 10) / 10;
const micro = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Merges the route blocks of shards exactly: counts and histograms add, rates are recomputed. */
export function mergeRoutes(routes: readonly RouteResult[]): RouteResult {
  const n = (r: RouteResult): number =>
    Object.values(r.attempts_per_request.counts).reduce((a, b) => a + b, 0);
  const total = routes.reduce((a, r) => a + n(r), 0);
  const answered = new Map<string, number>();
  const counts: Record<string, number> = {};
  let attempts = 0;
  for (const r of routes) {
    for (const [m, a] of Object.entries(r.answered_by))
      answered.set(m, (answered.get(m) ?? 0) + a.requests);
    for (const [k, c] of Object.entries(r.attempts_per_request.counts)) {
      counts[k] = (counts[k] ?? 0) + c;
      attempts += Number(k) * c;
    }
  }
  const ok = [...answered.values()].reduce((a, b) => a + b, 0);
  const add = (f: (r: RouteResult) => number): number => routes.reduce((a, r) => a + f(r), 0);
  const hedged = add((r) => r.hedge.requests);
  const won = add((r) => r.hedge.won);
  const waitTotal = add((r) => r.wait_ms.total);
  return {
    primary: routes[0]?.primary ?? '',
    answered_by: Object.fromEntries(
      [...answered].map(([m, k]) => [m, { requests: k, share: ok > 0 ? k / ok : 0 }]),
    ),
    primary_served_ms: mergeLatency(routes.map((r) => r.primary_served_ms)),
    fallback_served_ms: mergeLatency(routes.map((r) => r.fallback_served_ms)),
    attempts_per_request: {
      mean: total > 0 ? attempts / total : 0,
      max: Math.max(0, ...routes.map((r) => r.attempts_per_request.max)),
      counts,
    },
    wait_ms: {
      total: round(waitTotal),
      mean: total > 0 ? round(waitTotal / total) : 0,
      max: Math.max(0, ...routes.map((r) => r.wait_ms.max)),
    },
    hedge: {
      requests: hedged,
      rate: total > 0 ? hedged / total : 0,
      won,
      won_share: hedged > 0 ? won / hedged : 0,
      cancelled_tokens: add((r) => r.hedge.cancelled_tokens),
      extra_cost_usd: routes.some((r) => r.hedge.extra_cost_usd === null)
        ? null
        : micro(add((r) => r.hedge.extra_cost_usd ?? 0)),
    },
    breaker_changes: routes.flatMap((r) => r.breaker_changes).sort((a, b) => a.t_s - b.t_s),
  };
}

function mergeLatency(parts: RouteResult['primary_served_ms'][]): RouteResult['primary_served_ms'] {
  const h = new Histogram();
  for (const p of parts) h.add(Histogram.decode(p.histogram));
  return latencyJson(h);
}
