/**
 * The config file (SPEC §1) as one zod schema. Every block is optional and unknown keys are
 * rejected with their path. The published JSON Schema (`schema/config.schema.json`) is
 * generated from this same definition (`src/config/json-schema.ts`), so the two never drift.
 * The schema only validates; turning values into settings (durations → ms, URLs without a
 * trailing slash) happens in `load.ts`.
 */
import { z } from 'zod';
import { DURATION_RE } from './duration.js';

export const DURATION_EXPECTED = 'a duration such as 250ms, 5s, 2m or 1h';
export const URL_EXPECTED = 'an http(s) URL such as https://gateway.example/v1';
export const ENV_NAME_EXPECTED = 'an environment variable name such as SHEPHERD_API_KEY';

const duration = z.string().regex(DURATION_RE, { error: `expected ${DURATION_EXPECTED}` });

const httpUrl = z
  .string()
  .regex(/^https?:\/\/\S+$/, { error: `expected ${URL_EXPECTED}` })
  .refine(isParsableUrl, { error: `expected ${URL_EXPECTED}` });

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: `expected ${ENV_NAME_EXPECTED}` });

const count = z.int().min(1);
const money = z.number().nonnegative();

function isParsableUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

export const gatewaySchema = z
  .strictObject({
    baseUrl: httpUrl
      .meta({ description: 'Base URL of the OpenAI-compatible API, normally ending at /v1.' })
      .optional(),
    apiKeyEnv: envName
      .meta({ description: 'Name of the environment variable holding the API key.' })
      .optional(),
    headers: z
      .record(z.string(), z.string())
      .meta({ description: 'Extra HTTP headers sent with every request to this gateway.' })
      .optional(),
  })
  .meta({ description: 'An OpenAI-compatible gateway.' });

export const priceSchema = z
  .strictObject({
    input: money.optional(),
    cachedInput: money.optional(),
    output: money.optional(),
  })
  .meta({
    description:
      'USD per million tokens. For a catalogue model, the fields given override the catalogue price; a new model needs input and output.',
  });

export const modelSchema = z
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
    timeout: duration.meta({ description: 'Per-attempt timeout for this model.' }).optional(),
    price: priceSchema.optional(),
  })
  .meta({ description: 'A model, or overrides for a model of the built-in catalogue.' });

export const retrySchema = z.strictObject({
  attempts: count.meta({ description: 'All attempts on one model (2 = one retry).' }).optional(),
  baseDelay: duration.optional(),
  maxDelay: duration.optional(),
  maxRetryAfter: duration.optional(),
});

export const breakerSchema = z.strictObject({
  failures: count.optional(),
  cooldown: duration.optional(),
});

export const timeoutsSchema = z.strictObject({
  connect: duration.optional(),
  firstToken: duration.optional(),
  idle: duration.optional(),
  attempt: duration.optional(),
  deadline: duration.optional(),
});

export const healthSchema = z.strictObject({
  maxLatency: duration.optional(),
  alertAfter: count.optional(),
  recoverAfter: count.optional(),
  interval: duration.optional(),
});

export const configSchema = z
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
  })
  .meta({
    title: 'shepherd config',
    description: 'Configuration file of llm-shepherd (shepherd.config.json).',
  });

export type ConfigFile = z.infer<typeof configSchema>;
export type GatewayConfig = z.infer<typeof gatewaySchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
