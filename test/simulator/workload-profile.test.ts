import { afterEach, describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import { send } from './helpers.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const words = (n: number, seed: string): string =>
  Array.from({ length: n }, (_, i) => `${seed}${i % 7} river`).join(' ');

async function chat(body: Record<string, unknown>): Promise<any> {
  const r = await send(`${sim!.url}/chat/completions`, {
    method: 'POST',
    body: { model: 'm', messages: [{ role: 'user', content: 'hello' }], ...body },
  });
  return { status: r.status, json: JSON.parse(r.body) };
}

describe('simulator: lengths, prefill and prefix cache', () => {
  it('honours max_tokens, min_tokens and ignore_eos', async () => {
    sim = await createSimulator({ profile: { name: 't', models: { m: { outputTokens: 16 } } } });
    const usage = async (b: Record<string, unknown>) => {
      const r = await chat(b);
      return [r.json.usage.completion_tokens, r.json.choices[0].finish_reason];
    };
    expect(await usage({ max_tokens: 5 })).toEqual([5, 'length']);
    expect(await usage({ max_tokens: 40 })).toEqual([16, 'stop']);
    expect(await usage({ max_tokens: 40, ignore_eos: true })).toEqual([40, 'length']);
    expect(await usage({ max_tokens: 40, min_tokens: 30 })).toEqual([30, 'stop']);
    expect(await usage({ max_tokens: 20, min_tokens: 30 })).toEqual([20, 'length']);
    expect((await chat({ min_tokens: -1 })).status).toBe(400);
    expect((await chat({ ignore_eos: 'yes' })).status).toBe(400);
  });

  it('prefillTokensPerSecond: counts prompts under o200k and TTFT grows with them', async () => {
    sim = await createSimulator({
      profile: { name: 't', models: { m: { ttftMs: 2, prefillTokensPerSecond: 100_000 } } },
    });
    const short = words(200, 'a');
    const long = words(1000, 'b');
    const a = await chat({ messages: [{ role: 'user', content: short }] });
    const b = await chat({ messages: [{ role: 'user', content: long }] });
    expect(a.json.usage.prompt_tokens).toBe(countTokens(short));
    expect(b.json.usage.prompt_tokens).toBe(countTokens(long));
    const [la, lb] = sim.log.map((e) => e.ttftMs);
    expect(la).toBe(Math.round(2 + (countTokens(short) / 100_000) * 1000));
    expect(lb).toBe(Math.round(2 + (countTokens(long) / 100_000) * 1000));
  });

  it('prefixCache: a prompt seen before is read from the cache (whole 16-token blocks)', async () => {
    sim = await createSimulator({
      profile: { name: 't', models: { m: { prefillTokensPerSecond: 50_000, prefixCache: true } } },
    });
    const system = { role: 'system', content: words(300, 's') };
    const first = await chat({ messages: [system, { role: 'user', content: 'one' }] });
    expect(first.json.usage.prompt_tokens_details.cached_tokens).toBe(0);
    const again = await chat({ messages: [system, { role: 'user', content: 'two' }] });
    const cached = again.json.usage.prompt_tokens_details.cached_tokens;
    const systemTokens = countTokens(system.content);
    expect(cached).toBeLessThanOrEqual(systemTokens);
    expect(cached).toBeGreaterThan(systemTokens - 16);
    const other = await chat({ messages: [{ role: 'system', content: `x${system.content}` }] });
    expect(other.json.usage.prompt_tokens_details.cached_tokens).toBe(0);
    const [t1, t2] = sim.log.map((e) => e.ttftMs ?? 0);
    expect(t2!).toBeLessThan(t1!);
    // reset() empties the cache.
    sim.reset();
    const cold = await chat({ messages: [system, { role: 'user', content: 'one' }] });
    expect(cold.json.usage.prompt_tokens_details.cached_tokens).toBe(0);
  });
});
