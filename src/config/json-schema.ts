/** The published JSON Schema of the config file, generated from the zod schema. */
import { join } from 'node:path';
import { packageRoot } from './package-root.js';
import { configSchemas } from './schema.js';

export const SCHEMA_ID = 'https://unpkg.com/llm-shepherd/schema/config.schema.json';

/** Where the generated schema is committed and published. */
export function configSchemaPath(): string {
  return join(packageRoot(), 'schema', 'config.schema.json');
}

/** The schema file's exact text (stable key order, two-space indent, final newline). */
export function renderConfigSchema(): string {
  const { z, configSchema } = configSchemas();
  const schema = z.toJSONSchema(configSchema, { target: 'draft-2020-12', io: 'input' });
  return JSON.stringify({ ...schema, $id: SCHEMA_ID }, null, 2) + '\n';
}
