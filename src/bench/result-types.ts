import { z } from 'zod';
import { routeResultSchema } from './route-stats.js';

/** The `shepherd.bench/v1` result document (SPEC §5): fields are only ever added within v1. */
export const BENCH_SCHEMA = 'shepherd.bench/v1';

const ms = z.number().nonnegative().nullable();

export const figureSummarySchema = z.object({
  p50: ms,
  p90: ms,
  p95: ms,
  p99: ms,
  p999: ms,
  max: ms,
  mean: ms,
  count: z.number().int().nonnegative(),
});

const count = z.number().int().nonnegative();
const rate = z.number().nonnegative();

const lengthSchema = z.object({
  count,
  p50: count.nullable(),
  p90: count.nullable(),
  max: count.nullable(),
  mean: z.number().nonnegative().nullable(),
  /** `{"<tokens>": requests}`: exact, so shards merge by adding. */
  counts: z.record(z.string(), count),
});

/** Token lengths per target (additive in v1): input sent/got, output asked/got. */
export const lengthsSchema = z.object({
  input_sent: lengthSchema,
  input_got: lengthSchema,
  output_asked: lengthSchema,
  output_got: lengthSchema,
});

/** Multi-turn runs (additive in v1): figures per turn index. */
export const turnSchema = z.object({
  turn: z.number().int().positive(),
  requests: count,
  ok: count,
  ttft_ms: figureSummarySchema,
  latency_ms: figureSummarySchema,
  input_tokens: count,
  cached_tokens: count,
  histograms: z.object({ ttft: z.string(), latency: z.string() }),
});

const usageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count,
  cached_tokens: count,
  reasoning_tokens: count,
});

/** `targets[].timeline` (additive in v1): per-interval counts and small histograms, see bench/timeline.ts. */
export const timelineSchema = z.object({
  interval_ms: z.number().int().positive(),
  intervals: z.array(
    z.object({
      ok: count,
      cancelled: count,
      errors: z.record(z.string(), count),
      output_tokens: count,
      histograms: z.object({ latency: z.string().optional(), ttft: z.string().optional() }),
    }),
  ),
});

export const targetResultSchema = z.object({
  name: z.string().min(1),
  model: z.string(),
  base_url: z.string(),
  requests: count,
  ok: count,
  cancelled: count,
  errors: z.record(z.string(), count),
  success_rate: z.number().min(0).max(1),
  throughput_rps: rate,
  target_rps: rate.nullable(),
  /** ok requests that met every `--goodput` term (every ok request without terms); additive in v1. */
  good: count.optional(),
  /** good / (ok + errors). */
  good_rate: z.number().min(0).max(1).optional(),
  /** good requests per second of the measured duration. */
  goodput_rps: rate.optional(),
  output_tokens: count.optional(),
  output_tokens_per_s: rate,
  /** Usage totals of the ok requests that reported usage (additive in v1; priced by `cost --from`). */
  usage: usageSchema.optional(),
  /**
   * Route targets only (additive in v1): the same totals per answering model, with the count of
   * ok requests each answered, so `cost --from` prices a failover mix at each model's price.
   */
  usage_by_model: z.record(z.string(), usageSchema.extend({ requests: count })).optional(),
  /** Route targets (additive in v1): failover under faults, see `src/bench/route-stats.ts`. */
  route: routeResultSchema.optional(),
  tokens_source: z.enum(['usage', 'chunks']),
  latency_ms: figureSummarySchema,
  ttft_ms: figureSummarySchema,
  ttfo_ms: figureSummarySchema,
  itl_ms: figureSummarySchema,
  tpot_ms: figureSummarySchema,
  service_latency_ms: figureSummarySchema,
  sched_lag_ms: figureSummarySchema,
  /** HdrHistogram V2 compressed base64, values in µs, one per figure (`latency`, `ttft`, ...). */
  histograms: z.record(z.string(), z.string()),
  lengths: lengthsSchema.optional(),
  turns: z.array(turnSchema).optional(),
  /** What finished in each interval of the measured window (written since the report landed). */
  timeline: timelineSchema.optional(),
});

export const shardSchema = z.object({
  /** 1-based: the I-th of N slices. */
  index: z.number().int().positive(),
  count: z.number().int().positive(),
});

export const loadSchema = z.object({
  mode: z.enum(['closed', 'open']),
  concurrency: z.number().int().positive().optional(),
  rate: z.number().positive().optional(),
  /** `trace`: a `--trace` replay at its recorded times (`rate` is then its mean rate). */
  arrival: z.enum(['constant', 'poisson', 'trace']).optional(),
  /** `"10s"` (a duration) or a request count per target; null = none. */
  warmup: z.union([z.string(), count]).nullable(),
  shard: shardSchema.nullable(),
  /** Requests per target (`-n`), null when the run was bounded by duration. */
  requests: count.nullable().optional(),
  /** Planned measured duration (`-d`) in seconds, null when bounded by request count. */
  planned_duration_s: rate.nullable().optional(),
  seed: z.number().int().optional(),
  stream: z.boolean().optional(),
  /** What was sent (additive in v1): see docs/bench.md "Workloads". */
  workload: z
    .object({
      source: z.enum(['prompts', 'synthetic', 'trace']),
      tokenizer: z.string(),
      input_tokens: z.string().optional(),
      output_tokens: z.string().optional(),
      max_tokens: count.optional(),
      exact_output: z.boolean(),
      prompts_file: z.string().optional(),
      trace: z
        .object({
          file: z.string(),
          format: z.string(),
          requests: count,
          speed: z.number().positive(),
          span_s: z.number().nonnegative(),
        })
        .optional(),
      turns: z.string().optional(),
      think_time_ms: z.number().nonnegative().optional(),
    })
    .optional(),
});

export const sloResultSchema = z.object({
  term: z.string(),
  /** What the term measures, so a reader formats the value in its unit without parsing `term`. */
  kind: z
    .enum([
      'figure',
      'success',
      'error_rate',
      'throughput',
      'tokens_per_s',
      'goodput',
      'goodput_rps',
    ])
    .optional(),
  target: z.string().optional(),
  value: z.number().nullable(),
  ok: z.boolean(),
});

export const benchResultSchema = z.object({
  schema: z.literal(BENCH_SCHEMA),
  started_at: z.string(),
  duration_s: z.number().nonnegative(),
  tool: z.object({ version: z.string() }),
  interrupted: z.boolean().optional(),
  load: loadSchema,
  targets: z.array(targetResultSchema),
  client: z.object({
    event_loop_lag_ms: z.object({ p99: ms, max: ms }),
    warnings: z.array(z.string()),
  }),
  slo: z.array(sloResultSchema),
  /** The `--goodput` terms good requests met (empty: every ok request is good); additive in v1. */
  goodput: z.array(z.string()).optional(),
});

export type FigureSummaryJson = z.infer<typeof figureSummarySchema>;
export type TargetResult = z.infer<typeof targetResultSchema>;
export type LoadInfo = z.infer<typeof loadSchema>;
export type ShardInfo = z.infer<typeof shardSchema>;
export type SloResult = z.infer<typeof sloResultSchema>;
export type LengthsResult = z.infer<typeof lengthsSchema>;
export type TurnResult = z.infer<typeof turnSchema>;
export type BenchResult = z.infer<typeof benchResultSchema>;
