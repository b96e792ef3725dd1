import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchemaPath, renderConfigSchema } from '../../src/config/json-schema.js';

describe('schema/config.schema.json', () => {
  it('is generated from the current zod schema', () => {
    const committed = readFileSync(configSchemaPath(), 'utf8');
    const current = renderConfigSchema();
    if (committed !== current) {
      expect.fail(
        'schema/config.schema.json is out of date with src/config/schema.ts: run `npm run build && npm run schema` and commit the result',
      );
    }
  });

  it('rejects unknown keys and describes durations with the shared pattern', () => {
    const schema = JSON.parse(renderConfigSchema()) as {
      additionalProperties: boolean;
      properties: Record<string, { properties?: Record<string, { pattern?: string }> }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'gateways',
      'models',
      'routes',
      'retry',
      'breaker',
      'timeouts',
      'health',
      'limits',
    ]);
    expect(schema.properties['timeouts']?.properties?.['attempt']?.pattern).toContain('ms|s|m|h');
  });
});
