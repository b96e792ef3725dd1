/**
 * The config file (SPEC §1) as one zod schema, built on first use. Every block is optional and unknown keys are
 * rejected with their path. The published JSON Schema (`schema/config.schema.json`) is
 * generated from this same definition (`src/config/json-schema.ts`), so the two never drift.
 * The schema only validates; turning values into settings (durations → ms, URLs without a
 * trailing slash) happens in `load.ts`.
 */
import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';
import {
  DURATION_RE,
  MAX_DURATION_MS,
  MAX_DURATION_TEXT,
  POSITIVE_DURATION_RE,
  tryParseDuration,
} from './duration.js';
import { tryParseByteSize } from './byte-size.js';

// zod costs ~50 ms to load: it is required (synchronously, its CommonJS build) only when a
// config file is actually validated or the JSON Schema generated, never on a run without one.
const requireCjs = createRequire(import.meta.url);

export const DURATION_EXPECTED = 'a duration such as 250ms, 5s, 2m or 1h';
export const POSITIVE_DURATION_EXPECTED = 'a duration above zero such as 250ms, 5s, 2m or 1h';
export const URL_EXPECTED = 'an http(s) URL such as https://gateway.example/v1';
export const ENV_NAME_EXPECTED = 'an environment variable name such as SHEPHERD_API_KEY';

/** The value shapes every block uses: durations, URLs, variable names, counts, money. */
function primitives(z: typeof Zod) {
  // Node timers overflow past 2^31 ms: a longer duration would fire at once.
  const notTooLong = (v: string): boolean => (tryParseDuration(v) ?? 0) <= MAX_DURATION_MS;
  const tooLong = { error: `expected a duration of at most ${MAX_DURATION_TEXT}` };
  const duration = z
    .string()
    .regex(DURATION_RE, { error: `expected ${DURATION_EXPECTED}` })
    .refine(notTooLong, tooLong);
  // Timeouts and intervals of 0 would fail every request at once or probe in a tight loop.
  const positiveDuration = z
    .string()
    .regex(POSITIVE_DURATION_RE, {
      error: (issue) =>
        typeof issue.input === 'string' && DURATION_RE.test(issue.input)
          ? `expected ${POSITIVE_DURATION_EXPECTED}`
          : `expected ${DURATION_EXPECTED}`,
    })
    .refine(notTooLong, tooLong);

  const httpUrl = z
    .string()
    .regex(/^https?:\/\/\S+$/, { error: `expected ${URL_EXPECTED}` })
    .refine(isParsableUrl, { error: `expected ${URL_EXPECTED}` });

  const envName = z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: `expected ${ENV_NAME_EXPECTED}` });

  const count = z.int().min(1);
  const money = z.number().nonnegative();

  return { duration, positiveDuration, httpUrl, envName, count, money };
}

type Primitives = ReturnType<typeof primitives>;

function entitySchemas(z: typeof Zod, p: Primitives) {
  const { positiveDuration, httpUrl, envName, count, money } = p;
  const gatewaySchema = z
    .strictObject({
      baseUrl: httpUrl
        .meta({ description: 'Base URL of the OpenAI-compatible API, normally ending at /v1.' })
        .optional(),
      apiKeyEnv: envName
        .meta({ description: 'Name of the environment variable holding the API key.' })
        .optional(),
      apiKeyCmd: z
        .string()
        .trim()
        .min(1)
        .meta({
          description:
            'A command whose standard output (first line) is the API key, e.g. "pass show gateway/key" or "op read op://vault/gateway/key". Run once per process, through the shell; never logged. Not together with apiKeyEnv.',
        })
        .optional(),
      headers: z
        .record(z.string(), z.string())
        .meta({ description: 'Extra HTTP headers sent with every request to this gateway.' })
        .optional(),
    })
    .meta({ description: 'An OpenAI-compatible gateway.' });

  const priceSchema = z
    .strictObject({
      input: money.optional(),
      cachedInput: money.optional(),
      output: money.optional(),
    })
    .meta({
      description:
        'USD per million tokens. For a catalogue model, the fields given override the catalogue price; a new model needs input and output.',
    });

  const modelSchema = z
    .strictObject({
      id: z
        .string()
        .min(1)
        .meta({ description: 'Model id sent to the gateway, e.g. openai/gpt-4.1.' })
        .optional(),
      aliases: z.array(z.string().min(1)).optional(),
      gateway: z
        .string()
        .min(1)
        .meta({ description: 'Name of a gateway under `gateways` (default: `default`).' })
        .optional(),
      contextWindow: count.optional(),
      timeout: positiveDuration
        .meta({ description: 'Per-attempt timeout for this model.' })
        .optional(),
      price: priceSchema.optional(),
    })
    .meta({ description: 'A model, or overrides for a model of the built-in catalogue.' });

  return { gatewaySchema, modelSchema };
}

function blockSchemas(z: typeof Zod, p: Primitives) {
  const { duration, positiveDuration, count } = p;
  const retrySchema = z.strictObject({
    attempts: count.meta({ description: 'All attempts on one model (2 = one retry).' }).optional(),
    baseDelay: duration.optional(),
    maxDelay: duration.optional(),
    maxRetryAfter: duration.optional(),
    hedge: z
      .union([positiveDuration, z.literal('off')])
      .meta({
        description:
          'With no first token after this long, start the next model of the chain in parallel; the first to answer wins (default off).',
      })
      .optional(),
  });

  const breakerSchema = z.strictObject({
    failures: count.optional(),
    cooldown: duration
      .meta({
        description:
          'Wait before the first half-open probe; doubles after each failed probe, reset on success.',
      })
      .optional(),
    maxCooldown: duration
      .meta({ description: 'The adaptive cooldown never grows past this.' })
      .optional(),
  });

  const timeoutsSchema = z.strictObject({
    connect: positiveDuration.optional(),
    firstToken: positiveDuration.optional(),
    idle: positiveDuration.optional(),
    attempt: positiveDuration.optional(),
    deadline: positiveDuration.optional(),
  });

  const healthSchema = z.strictObject({
    maxLatency: positiveDuration.optional(),
    alertAfter: count.optional(),
    recoverAfter: count.optional(),
    interval: positiveDuration.optional(),
  });

  const limitsSchema = z.strictObject({
    maxResponseBody: z
      .union([
        z.number().int().positive(),
        z.string().refine((v) => tryParseByteSize(v) !== undefined, {
          error: 'expected a size such as 16MB, 512KB or a number of bytes',
        }),
      ])
      .meta({
        description:
          'Largest response body accepted from a gateway (a completion, a model list); a streamed answer may be 4× this in all. Default 16MB.',
      })
      .optional(),
  });

  return { retrySchema, breakerSchema, timeoutsSchema, healthSchema, limitsSchema };
}

function build(z: typeof Zod) {
  const p = primitives(z);
  const { gatewaySchema, modelSchema } = entitySchemas(z, p);
  const { retrySchema, breakerSchema, timeoutsSchema, healthSchema, limitsSchema } = blockSchemas(
    z,
    p,
  );
  const configSchema = z
    .strictObject({
      $schema: z.string().optional(),
      gateways: z.record(z.string().min(1), gatewaySchema).optional(),
      models: z.record(z.string().min(1), modelSchema).optional(),
      routes: z
        .record(z.string().min(1), z.array(z.string().min(1)).min(1))
        .meta({ description: 'Named fallback chains of model names, tried in order.' })
        .optional(),
      retry: retrySchema.optional(),
      breaker: breakerSchema.optional(),
      timeouts: timeoutsSchema.optional(),
      health: healthSchema.optional(),
      limits: limitsSchema.optional(),
    })
    .meta({
      title: 'shepherd config',
      description: 'Configuration file of llm-shepherd (shepherd.config.json).',
    });

  return { z, configSchema, gatewaySchema, modelSchema };
}

function isParsableUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

let built: ReturnType<typeof build> | undefined;

/** The zod schemas (and the zod instance that built them), created on first call. */
export function configSchemas(): ReturnType<typeof build> {
  built ??= build((requireCjs('zod') as { z: typeof Zod }).z);
  return built;
}

type Built = ReturnType<typeof build>;
export type ConfigFile = Zod.infer<Built['configSchema']>;
export type GatewayConfig = Zod.infer<Built['gatewaySchema']>;
export type ModelConfig = Zod.infer<Built['modelSchema']>;
