/** The published JSON Schema of the `shepherd.sweep/v1` document, generated from the zod schema. */
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../../config/package-root.js';
import { sweepResultSchema } from './sweep-types.js';

export const SWEEP_SCHEMA_ID = 'https://unpkg.com/llm-shepherd/schema/sweep.schema.json';

/** Where the generated schema is committed and published, beside config.schema.json. */
export function sweepSchemaPath(): string {
  return join(packageRoot(), 'schema', 'sweep.schema.json');
}

/** The schema file's exact text (stable key order, two-space indent, final newline). */
export function renderSweepSchema(): string {
  const schema = z.toJSONSchema(sweepResultSchema, { target: 'draft-2020-12', io: 'input' });
  return JSON.stringify({ ...schema, $id: SWEEP_SCHEMA_ID }, null, 2) + '\n';
}
