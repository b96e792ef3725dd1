import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSweepSchema, sweepSchemaPath } from '../../../src/bench/sweep/json-schema.js';

describe('schema/sweep.schema.json', () => {
  it('is generated from the current zod schema', () => {
    const committed = readFileSync(sweepSchemaPath(), 'utf8');
    if (committed !== renderSweepSchema()) {
      expect.fail(
        'schema/sweep.schema.json is out of date with src/bench/sweep/sweep-types.ts: run `npm run build && npm run schema` and commit the result',
      );
    }
  });

  it('describes the SPEC fields: kind, range, slo and per target capacity, saturation and steps', () => {
    const schema = JSON.parse(renderSweepSchema()) as {
      required: string[];
      properties: Record<string, { items?: { required?: string[] } }>;
    };
    expect(schema.required).toEqual(
      expect.arrayContaining(['schema', 'started_at', 'kind', 'range', 'slo', 'targets']),
    );
    expect(schema.properties['targets']?.items?.required).toEqual(
      expect.arrayContaining(['name', 'capacity', 'saturation', 'steps']),
    );
  });
});
