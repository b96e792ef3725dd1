import { z } from 'zod';
import type { Distribution } from './distribution.js';

/**
 * The simulator profile format (`fixtures/simulator/*.json`), validated with zod. Objects
 * are strict so a misspelt parameter is an error rather than a silently ignored fault.
 */

const nonNegative = z.number().min(0);

const distributionMessage =
  'expected a distribution: a number, {"fixed": n}, {"uniform": [min, max]} or {"lognormal": {"p50": n, "p99": n}}';

export const distributionSchema: z.ZodType<Distribution> = z.union(
  [
    nonNegative,
    z.strictObject({ fixed: nonNegative }),
    z.strictObject({
      uniform: z
        .tuple([nonNegative, nonNegative])
        .refine(([min, max]) => min <= max, 'uniform [min, max] needs min <= max'),
    }),
    z.strictObject({
      lognormal: z
        .strictObject({ p50: nonNegative, p99: nonNegative })
        .refine((d) => d.p99 >= d.p50, 'lognormal needs p99 >= p50'),
    }),
  ],
  { error: distributionMessage },
);

const probability = z.number().min(0).max(1).optional();
const afterTokens = z.number().int().min(0).optional();
const delayMs = nonNegative.optional();

export const FAULT_TYPES = [
  'rate_limited',
  'server_error',
  'reset',
  'no_answer',
  'slow_first_token',
  'stall',
  'cut',
  'malformed',
  'no_done',
  'in_band_error',
  'context_length',
  'content_filter',
  'not_found',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export const SERVER_ERROR_STATUSES = [500, 502, 503, 504, 529] as const;

const faultVariants = [
  z.strictObject({
    type: z.literal('rate_limited'),
    probability,
    /** Seconds in `Retry-After` (default 1). */
    retryAfter: nonNegative.optional(),
    /** Also send `retry-after-ms` with this value. */
    retryAfterMs: nonNegative.optional(),
    /** Send `Retry-After` as an HTTP date instead of seconds. */
    httpDate: z.boolean().optional(),
    /** Send no Retry-After header at all. */
    noHeader: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('server_error'),
    probability,
    status: z
      .union(SERVER_ERROR_STATUSES.map((s) => z.literal(s)))
      .optional()
      .describe('500, 502, 503, 504 or 529'),
  }),
  z.strictObject({ type: z.literal('reset'), probability }),
  z.strictObject({ type: z.literal('no_answer'), probability }),
  z.strictObject({ type: z.literal('slow_first_token'), probability, delayMs }),
  z.strictObject({ type: z.literal('stall'), probability, afterTokens, delayMs }),
  z.strictObject({
    type: z.literal('cut'),
    probability,
    afterTokens,
    /** Also write the first half of the next `data:` line before closing. */
    midEvent: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('malformed'), probability, afterTokens }),
  z.strictObject({ type: z.literal('no_done'), probability }),
  z.strictObject({
    type: z.literal('in_band_error'),
    probability,
    afterTokens,
    message: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('context_length'), probability }),
  z.strictObject({
    type: z.literal('content_filter'),
    probability,
    message: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('not_found'), probability }),
] as const;

export const faultSchema = z.discriminatedUnion('type', faultVariants, {
  error: (issue) =>
    issue.code === 'invalid_union' && 'discriminator' in issue
      ? `unknown fault type; expected one of ${FAULT_TYPES.join(', ')}`
      : undefined,
});
export type Fault = z.infer<typeof faultSchema>;

/** A script step: `"ok"`, a fault type with default parameters, or a fault object. */
export const scriptStepSchema = z.union(
  [z.literal('ok'), z.enum(FAULT_TYPES), z.strictObject({ type: z.literal('ok') }), faultSchema],
  { error: `expected "ok", a fault type (${FAULT_TYPES.join(', ')}) or a fault object` },
);
export type ScriptStep = z.infer<typeof scriptStepSchema>;

/**
 * A scripted outage: the model is down from `atMs` after the simulator's first chat request until
 * `atMs + forMs` (it recovers then), answering every request with `fault` (default 503).
 */
export const outageSchema = z.strictObject({
  atMs: nonNegative,
  forMs: z.number().positive(),
  fault: faultSchema.optional(),
});
export type Outage = z.infer<typeof outageSchema>;

export const modelProfileSchema = z
  .strictObject({
    /** The provider-prefixed id, e.g. `openai/gpt-4.1` (default: the profile key). */
    id: z.string().min(1).optional(),
    ttftMs: distributionSchema.optional(),
    itlMs: distributionSchema.optional(),
    outputTokens: distributionSchema.optional(),
    reasoningTokens: distributionSchema.optional(),
    faults: z.array(faultSchema).optional(),
    script: z.array(scriptStepSchema).optional(),
    /** Time windows (since the first chat request) in which the model is down. */
    outages: z.array(outageSchema).optional(),
    contextWindow: z.number().int().positive().optional(),
    /** Prompt tokens read per second: TTFT grows by uncached prompt tokens / this (o200k counts). */
    prefillTokensPerSecond: z.number().positive().optional(),
    /** Cache prompt prefixes (16-token blocks): cached tokens cost no prefill time. */
    prefixCache: z.boolean().optional(),
    /** USD per million tokens, listed by GET /v1/models like an OpenRouter-style router. */
    price: z.strictObject({ input: nonNegative, output: nonNegative }).optional(),
    /** Server-side concurrency: beyond `maxConcurrent` requests wait in FIFO order (the wait adds to TTFT). */
    capacity: z.strictObject({ maxConcurrent: z.number().int().positive() }).optional(),
    /** Decode budget shared among the decoding streams: each gap is at least decoding/T seconds. */
    decodeTokensPerSecond: z.number().positive().optional(),
  })
  .superRefine((profile, ctx) => {
    let sum = 0;
    (profile.faults ?? []).forEach((fault, i) => {
      if (fault.probability === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['faults', i, 'probability'],
          message: 'a fault in "faults" needs a probability between 0 and 1',
        });
      }
      sum += fault.probability ?? 0;
    });
    if (sum > 1 + 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['faults'],
        message: `fault probabilities add up to ${sum.toFixed(3)}; they must add up to at most 1`,
      });
    }
  });
export type ModelProfile = z.infer<typeof modelProfileSchema>;

export const simProfileSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  models: z.record(z.string().min(1), modelProfileSchema),
  '*': modelProfileSchema.optional(),
});
export type SimProfile = z.infer<typeof simProfileSchema>;
