/**
 * `npm run schema` (after `npm run build`): writes schema/config.schema.json from the zod
 * schema. test/config/json-schema.test.ts fails when the committed file is out of date.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { configSchemaPath, renderConfigSchema } from './json-schema.js';

const path = configSchemaPath();
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, renderConfigSchema());
process.stdout.write(`wrote ${path}\n`);
