import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../src/core/errors.js';
import { sample } from '../../src/simulator/distribution.js';
import {
  builtInProfileNames,
  loadProfile,
  parseProfile,
} from '../../src/simulator/profile-load.js';
import { mulberry32 } from '../../src/core/rng.js';
import { createSimulator } from '../../src/simulator/server.js';

const dir = mkdtempSync(join(tmpdir(), 'shepherd-sim-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeProfile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

const catalogue = JSON.parse(
  readFileSync(new URL('../../fixtures/models.json', import.meta.url), 'utf8'),
) as { models: Record<string, { id: string }> };

describe('built-in profiles', () => {
  it('has default, flaky, outage and zero, all valid', () => {
    expect(builtInProfileNames()).toEqual(['default', 'flaky', 'outage', 'zero']);
    for (const name of builtInProfileNames()) expect(loadProfile(name).name).toBe(name);
  });

  it('covers every catalogue model with its catalogue id, plus *', () => {
    for (const name of builtInProfileNames()) {
      const profile = loadProfile(name);
      for (const [model, entry] of Object.entries(catalogue.models)) {
        expect(profile.models[model]?.id, `${name}: ${model}`).toBe(entry.id);
      }
      expect(profile['*'], name).toBeDefined();
    }
  });

  it('outage takes gpt-4.1 down (503) from 2 s to 7 s; gpt-5 never answers; the rest are healthy', () => {
    const outage = loadProfile('outage');
    expect(outage.models['gpt-4.1']!.outages).toEqual([
      { atMs: 2000, forMs: 5000, fault: { type: 'server_error', status: 503 } },
    ]);
    expect(outage.models['gpt-4.1']!.faults).toBeUndefined();
    expect(outage.models['gpt-5']!.faults).toEqual([{ type: 'no_answer', probability: 1 }]);
    for (const m of ['claude-sonnet-4.5', 'gemini-2.5-flash', 'deepseek-v3.2'])
      expect(outage.models[m]!.faults, m).toBeUndefined();
  });

  it('flaky has 10-15% mixed faults per model', () => {
    const flaky = loadProfile('flaky');
    for (const [name, model] of Object.entries(flaky.models)) {
      const total = (model.faults ?? []).reduce((s, f) => s + (f.probability ?? 0), 0);
      expect(total, name).toBeGreaterThanOrEqual(0.1);
      expect(total, name).toBeLessThanOrEqual(0.15);
      const types = new Set((model.faults ?? []).map((f) => f.type));
      for (const t of [
        'rate_limited',
        'server_error',
        'cut',
        'slow_first_token',
        'malformed',
        'stall',
      ]) {
        expect(types.has(t as never), `${name} ${t}`).toBe(true);
      }
    }
  });

  it('zero answers every model at once with 64 tokens', async () => {
    const sim = await createSimulator({ profile: 'zero' });
    try {
      const started = performance.now();
      const res = await fetch(`${sim.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: 'x' }] }),
      });
      const json = (await res.json()) as { usage: { completion_tokens: number } };
      expect(json.usage.completion_tokens).toBe(64);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await sim.close();
    }
  });
});

describe('profile validation', () => {
  it('names the file and the JSON path of a bad value', () => {
    const file = writeProfile('bad-fault.json', {
      name: 'bad',
      models: { 'gpt-4.1': { faults: [{ type: 'explode', probability: 0.5 }] } },
    });
    const err = errorOf(() => loadProfile(file));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(file);
    expect(err.message).toContain('models.gpt-4.1.faults[0].type');
    expect(err.message).toContain('unknown fault type');
    expect(err.message).not.toContain('\n');
    expect((err as ConfigError).jsonPath).toBe('models.gpt-4.1.faults[0].type');
  });

  it('explains a bad distribution, a misspelt parameter and a missing probability', () => {
    let err = errorOf(() => parseProfile({ name: 'x', models: { m: { ttftMs: { normal: 5 } } } }));
    expect(err.message).toMatch(/models\.m\.ttftMs: expected a distribution/);
    err = errorOf(() =>
      parseProfile({
        name: 'x',
        models: { m: { faults: [{ type: 'rate_limited', probability: 1, retryAftr: 2 }] } },
      }),
    );
    expect(err.message).toContain('models.m.faults[0]');
    expect(err.message).toContain('retryAftr');
    err = errorOf(() => parseProfile({ name: 'x', models: { m: { faults: [{ type: 'cut' }] } } }));
    expect(err.message).toContain('models.m.faults[0].probability');
    err = errorOf(() =>
      parseProfile({
        name: 'x',
        models: {
          m: {
            faults: [
              { type: 'cut', probability: 0.7 },
              { type: 'reset', probability: 0.6 },
            ],
          },
        },
      }),
    );
    expect(err.message).toContain('add up to 1.300');
    err = errorOf(() => parseProfile({ name: 'x', models: { m: { script: ['ok', 'boom'] } } }));
    expect(err.message).toContain('models.m.script[1]');
  });

  it('names the file of invalid JSON and of a missing file, and rejects unknown names', () => {
    const file = writeProfile('broken.json', '{"name": ');
    let err = errorOf(() => loadProfile(file));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(file);
    expect(err.message).toContain('not valid JSON');
    err = errorOf(() => loadProfile(join(dir, 'missing.json')));
    expect(err.message).toContain('missing.json');
    expect(err.message).toContain('ENOENT');
    err = errorOf(() => loadProfile('nosuchprofile'));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('default, flaky, outage, zero');
  });

  it('loads a relative profile path from the given directory', () => {
    writeProfile('mine.json', { name: 'mine', models: { m: { outputTokens: 3 } } });
    expect(loadProfile('./mine.json', dir).name).toBe('mine');
  });
});

describe('docs/simulator.md', () => {
  it('shows an example profile that validates', () => {
    const doc = readFileSync(new URL('../../docs/simulator.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const profile = parseProfile(JSON.parse(block!));
    expect(profile.models['gpt-4.1']?.script).toHaveLength(3);
  });
});

describe('distributions', () => {
  it('samples fixed, uniform and lognormal values as written', () => {
    const rng = mulberry32(1);
    expect(sample(12, rng)).toBe(12);
    expect(sample({ fixed: 7 }, rng)).toBe(7);
    const uniform = Array.from({ length: 500 }, () => sample({ uniform: [10, 20] }, rng));
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(20);
    const logn = Array.from({ length: 4000 }, () =>
      sample({ lognormal: { p50: 400, p99: 1200 } }, rng),
    ).sort((a, b) => a - b);
    const p50 = logn[2000]!;
    const p99 = logn[3960]!;
    expect(p50).toBeGreaterThan(370);
    expect(p50).toBeLessThan(430);
    expect(p99).toBeGreaterThan(1000);
    expect(p99).toBeLessThan(1450);
  });
});
