import { z } from 'zod';
import { sloResultSchema, targetResultSchema } from '../result-types.js';

/** The `shepherd.sweep/v1` document (SPEC §6): fields are only ever added within v1. */
export const SWEEP_SCHEMA = 'shepherd.sweep/v1';

const rate = z.number().nonnegative();
const load = z.number().positive();

export const sweepStepSchema = z.object({
  /** Streams per target (concurrency) or requests/s per target (rate). */
  load,
  /** 1-based order in which the step was run (steps are listed by load). */
  seq: z.number().int().positive(),
  started_at: z.string(),
  duration_s: z.number().nonnegative(),
  /** The step's bench target object (`shepherd.bench/v1` `targets[]`), histograms included. */
  result: targetResultSchema,
  slo: z.array(sloResultSchema),
  /** Every SLO term held; null when the sweep has no SLO. */
  slo_ok: z.boolean().nullable(),
  /** The client's self-check warnings of this step (rate not kept, event-loop lag). */
  warnings: z.array(z.string()),
});

export const sweepTargetSchema = z.object({
  name: z.string().min(1),
  model: z.string(),
  base_url: z.string(),
  /** The highest load at which the SLO held; null with no SLO or when it broke at every load. */
  capacity: z
    .object({
      load,
      throughput_rps: rate,
      goodput_rps: rate,
      /** The SLO still held at the top of the range: the real capacity may be higher. */
      at_range_end: z.boolean(),
    })
    .nullable(),
  /** The load past which throughput grew less than 5 %; null when it still grew. */
  saturation: z.object({ load, throughput_rps: rate }).nullable(),
  steps: z.array(sweepStepSchema),
});

export const sweepResultSchema = z.object({
  schema: z.literal(SWEEP_SCHEMA),
  started_at: z.string(),
  duration_s: z.number().nonnegative(),
  tool: z.object({ version: z.string() }),
  interrupted: z.boolean(),
  kind: z.enum(['concurrency', 'rate']),
  range: z.object({ lo: load, hi: load }),
  /** Bisection stops at this share of the bracket's low end (0: one stream). */
  precision: z.number().nonnegative(),
  /** The `--slo` terms each step was checked against. */
  slo: z.array(z.string()),
  /** The `--goodput` terms (empty: every ok request is good). */
  goodput: z.array(z.string()),
  /** Each step's length: `-d` seconds or `-n` requests per target, and its warm-up. */
  step: z.object({
    duration_s: z.number().positive().nullable(),
    requests: z.number().int().positive().nullable(),
    warmup: z.union([z.string(), z.number().int().nonnegative()]).nullable(),
    arrival: z.enum(['constant', 'poisson']).nullable(),
  }),
  targets: z.array(sweepTargetSchema),
});

export type SweepStep = z.infer<typeof sweepStepSchema>;
export type SweepTarget = z.infer<typeof sweepTargetSchema>;
export type SweepResult = z.infer<typeof sweepResultSchema>;
