import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/rng.js';
import { ModelTable } from '../../src/simulator/model-table.js';
import { simProfileSchema } from '../../src/simulator/profile-schema.js';

describe('scripted outages (profile `outages`)', () => {
  const profile = simProfileSchema.parse({
    name: 't',
    models: {
      m: {
        outages: [
          { atMs: 1000, forMs: 500 },
          { atMs: 3000, forMs: 100, fault: { type: 'no_answer' } },
        ],
        faults: [{ type: 'rate_limited', probability: 0 }],
      },
    },
  });

  it('is down (503 by default) from atMs until atMs + forMs, then recovers', () => {
    const table = new ModelTable(profile);
    const state = table.resolve('m')!;
    const rng = mulberry32(1);
    const at = (ms: number) => table.pickFault(state, rng, ms)?.type ?? 'ok';
    expect([at(0), at(999), at(1000), at(1499), at(1500), at(3050), at(3100)]).toEqual([
      'ok',
      'ok',
      'server_error',
      'server_error',
      'ok',
      'no_answer',
      'ok',
    ]);
    expect(table.pickFault(state, rng, 1200)).toEqual({ type: 'server_error', status: 503 });
  });

  it('rejects a window without a positive length', () => {
    const bad = simProfileSchema.safeParse({
      name: 't',
      models: { m: { outages: [{ atMs: 0, forMs: 0 }] } },
    });
    expect(bad.success).toBe(false);
  });
});
