import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();

describe('cost --from a real `bench --route` result', () => {
  it('prices each request at the model that answered it, never as an unpriced route', async () => {
    // a always fails (not_found: no retry, fail over at once), so b answers every request.
    const e = await env({ a: { faults: [{ type: 'not_found', probability: 1 }] } });
    const out = join(e.home, 'route.json');
    const bench = await e.run(['bench', '--route', 'default', '-n', '6', '-c', '2', '--out', out]);
    expect(bench.code).toBe(0);
    const target = JSON.parse(readFileSync(out, 'utf8')).targets[0];
    expect(target.name).toBe('route:default');
    const b = target.usage_by_model.b;
    expect(b.requests).toBe(6);
    expect(target.usage_by_model.a).toBeUndefined();

    const c = await e.run(['cost', '--from', out, '--json']);
    expect(c.code).toBe(0);
    expect(c.stderr).not.toMatch(/no price/);
    const cost = JSON.parse(c.stdout);
    expect(cost.rows).toHaveLength(1);
    // model b: $3/M input, $4/M output (test config)
    expect(cost.rows[0]).toMatchObject({ model: 'b', priced: true, requests: 6 });
    const exact = Math.round((b.prompt_tokens * 3 + b.completion_tokens * 4) * 1e6) / 1e12;
    expect(cost.total_usd).toBe(exact);
    expect(cost.total_usd).toBeGreaterThan(0);
    const table = await e.run(['cost', '--from', out]);
    expect(table.stdout).toMatch(/^route:default\/b\s+6\s/m);
  });

  it('a route target that answered nothing prices nothing, without an unpriced warning', async () => {
    const fail = { faults: [{ type: 'not_found' as const, probability: 1 }] };
    const e = await env({ a: fail, b: fail, c: fail });
    const out = join(e.home, 'route.json');
    const bench = await e.run(['bench', '--route', 'default', '-n', '2', '--out', out]);
    expect(bench.code).toBe(4);
    const c = await e.run(['cost', '--from', out, '--json']);
    expect(c.code).toBe(0);
    expect(c.stderr).not.toMatch(/no price/);
    expect(JSON.parse(c.stdout)).toMatchObject({ rows: [], total_usd: 0 });
  });
});
