import { figureSummarySchema } from '../bench/index.js';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';

/**
 * What a report reads from a `shepherd.sweep/v1` document (SPEC §6): every step's bench target
 * object plus each target's capacity and saturation. Read leniently (fields it does not draw
 * are kept but not checked), so the report follows the sweep's schema as it grows.
 */
export const SWEEP_SCHEMA = 'shepherd.sweep/v1';

const count = z.number().int().nonnegative();

const stepResultSchema = z.looseObject({
  requests: count,
  ok: count,
  errors: z.record(z.string(), count),
  throughput_rps: z.number().nonnegative(),
  goodput_rps: z.number().nonnegative().nullable().optional(),
  latency_ms: figureSummarySchema,
  ttft_ms: figureSummarySchema.optional(),
});

const sweepTargetSchema = z.looseObject({
  name: z.string().min(1),
  capacity: z
    .looseObject({
      load: z.number(),
      throughput_rps: z.number(),
      goodput_rps: z.number().nullable().optional(),
    })
    .nullable(),
  saturation: z.looseObject({ load: z.number(), throughput_rps: z.number() }).nullable(),
  steps: z.array(
    z.looseObject({
      load: z.number().positive(),
      result: stepResultSchema,
      slo: z.array(z.looseObject({ term: z.string(), ok: z.boolean() })).optional(),
      slo_ok: z.boolean().nullable().optional(),
    }),
  ),
});

export const sweepResultSchema = z.looseObject({
  schema: z.literal(SWEEP_SCHEMA),
  started_at: z.string(),
  kind: z.enum(['concurrency', 'rate']),
  range: z.unknown(),
  slo: z.unknown(),
  tool: z.object({ version: z.string() }).optional(),
  targets: z.array(sweepTargetSchema),
});

export type SweepResult = z.infer<typeof sweepResultSchema>;
export type SweepTarget = z.infer<typeof sweepTargetSchema>;

/** Reads a parsed JSON value as a sweep result; anything else is a UsageError naming the file. */
export function parseSweepResult(value: unknown, fileName: string): SweepResult {
  const parsed = sweepResultSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(document)';
    throw new UsageError(
      `${fileName}: invalid sweep result at ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
