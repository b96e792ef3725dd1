/**
 * `npm run schema` (after `npm run build`): writes schema/sweep.schema.json from the zod
 * schema. test/bench/sweep/json-schema.test.ts fails when the committed file is out of date.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderSweepSchema, sweepSchemaPath } from './json-schema.js';

const path = sweepSchemaPath();
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, renderSweepSchema());
process.stdout.write(`wrote ${path}\n`);
