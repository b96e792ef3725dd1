import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/config/catalogue.js';
import { loadSettings } from '../../src/config/load.js';
import { resolveChain, resolveModel } from '../../src/config/resolve.js';
import { UsageError } from '../../src/core/errors.js';
import { tempDirs, writeJson } from './helpers.js';

function settingsWith(config?: unknown) {
  const { cwd, home } = tempDirs();
  const file =
    config === undefined ? undefined : writeJson(join(cwd, 'shepherd.config.json'), config);
  return { settings: loadSettings({ flags: {}, env: { HOME: home }, cwd }), file };
}

describe('the built-in catalogue', () => {
  it('loads fixtures/models.json with prices, aliases and the default route', () => {
    const c = loadCatalogue();
    expect(c.version).toBe('2026-11-23');
    expect(c.path.endsWith(join('fixtures', 'models.json'))).toBe(true);
    expect(c.routes['default']).toEqual([
      'gpt-4.1',
      'claude-sonnet-4.5',
      'gemini-2.5-flash',
      'deepseek-v3.2',
    ]);
    expect(c.models['deepseek-v3.2']?.price).toMatchObject({
      input: 0.28,
      cachedInput: 0.028,
      output: 0.42,
      asOf: '2026-11-23',
    });
  });

  it('hands out copies, so callers cannot change it', () => {
    loadCatalogue().models['gpt-4.1']!.aliases.push('mutated');
    expect(loadCatalogue().models['gpt-4.1']?.aliases).not.toContain('mutated');
  });
});

describe('catalogue merged with config models', () => {
  it('a partial price override merges onto the catalogue price', () => {
    const { settings, file } = settingsWith({ models: { 'gpt-4.1': { price: { output: 9.5 } } } });
    const m = settings.models['gpt-4.1']!;
    expect(m.price).toEqual({ input: 2, cachedInput: 0.5, output: 9.5, source: `config ${file}` });
    expect(m.id).toBe('openai/gpt-4.1');
    expect(m.aliases).toEqual(['gpt4.1', 'gpt4']);
    expect(settings.sources['models.gpt-4.1.price']).toEqual({
      kind: 'file',
      detail: `${file}#/models/gpt-4.1/price`,
    });
    expect(settings.sources['models.gpt-4.1.id']?.kind).toBe('catalogue');
  });

  it('config fields replace catalogue fields; new models are added', () => {
    const { settings } = settingsWith({
      gateways: { local: { baseUrl: 'http://localhost:11434/v1' } },
      models: {
        'deepseek-v3.2': { id: 'deepseek-chat', contextWindow: 64000, timeout: '20s' },
        llama: {
          id: 'meta/llama-3.1-8b-instruct',
          gateway: 'local',
          aliases: ['l3'],
          price: { input: 0, output: 0 },
        },
      },
    });
    expect(settings.models['deepseek-v3.2']).toMatchObject({
      id: 'deepseek-chat',
      contextWindow: 64000,
      timeoutMs: 20_000,
    });
    expect(settings.models['deepseek-v3.2']?.price?.input).toBe(0.28);
    expect(settings.models['llama']).toEqual({
      name: 'llama',
      id: 'meta/llama-3.1-8b-instruct',
      aliases: ['l3'],
      gateway: 'local',
      price: { input: 0, output: 0, source: expect.stringMatching(/^config /) as unknown },
    });
  });

  it('a config alias takes over a catalogue alias', () => {
    const { settings } = settingsWith({ models: { 'gpt-5': { aliases: ['gpt4'] } } });
    expect(settings.models['gpt-4.1']?.aliases).toEqual(['gpt4.1']);
    expect(resolveModel(settings, 'gpt4').name).toBe('gpt-5');
  });
});

describe('resolveModel', () => {
  const { settings } = settingsWith({
    models: { fast: { id: 'groq/llama-3.1-8b-instant', price: { input: 0.05, output: 0.08 } } },
  });

  it.each([
    ['gpt-4.1', 'gpt-4.1'],
    ['gpt4', 'gpt-4.1'],
    ['sonnet', 'claude-sonnet-4.5'],
    ['openai/gpt-4.1', 'gpt-4.1'],
    ['anthropic/claude-haiku-4.5', 'claude-haiku-4.5'],
    ['fast', 'fast'],
    ['groq/llama-3.1-8b-instant', 'fast'],
    ['llama-3.1-8b-instant', 'fast'],
  ])('%s → %s', (name, expected) => {
    const m = resolveModel(settings, name);
    expect(m.name).toBe(expected);
    expect(m.passthrough).toBeUndefined();
    expect(m.price).toBeDefined();
  });

  it('passes anything else through as given, unpriced, on the default gateway', () => {
    expect(resolveModel(settings, 'mistral/mistral-large')).toEqual({
      name: 'mistral/mistral-large',
      id: 'mistral/mistral-large',
      aliases: [],
      gateway: 'default',
      passthrough: true,
    });
  });

  it('returns a copy', () => {
    resolveModel(settings, 'gpt4').aliases.push('x');
    expect(settings.models['gpt-4.1']?.aliases).not.toContain('x');
  });
});

describe('resolveChain', () => {
  const { settings } = settingsWith({
    routes: { simple: ['deepseek', 'flash'], odd: ['gpt4', 'my-local-model'] },
  });

  it('uses the default route from the catalogue', () => {
    expect(resolveChain(settings, {}).map((m) => m.id)).toEqual([
      'openai/gpt-4.1',
      'anthropic/claude-sonnet-4.5',
      'google/gemini-2.5-flash',
      'deepseek/deepseek-v3.2',
    ]);
  });

  it('uses a named route, resolving aliases', () => {
    expect(resolveChain(settings, { route: 'simple' }).map((m) => m.name)).toEqual([
      'deepseek-v3.2',
      'gemini-2.5-flash',
    ]);
  });

  it('a models list wins over the route, and repeats are tried once', () => {
    expect(
      resolveChain(settings, { route: 'simple', models: ['sonnet', 'gpt-4.1', 'gpt4'] }).map(
        (m) => m.name,
      ),
    ).toEqual(['claude-sonnet-4.5', 'gpt-4.1']);
  });

  it('a route naming an unknown model passes it through (with a note at load)', () => {
    const chain = resolveChain(settings, { route: 'odd' });
    expect(chain[1]).toMatchObject({ id: 'my-local-model', passthrough: true });
    expect(settings.notes?.join('\n')).toContain(
      "route 'odd': 'my-local-model' is not a configured model or alias",
    );
  });

  it('an unknown route is a usage error listing the known routes', () => {
    expect(() => resolveChain(settings, { route: 'fats' })).toThrow(UsageError);
    expect(() => resolveChain(settings, { route: 'fats' })).toThrow(
      "unknown route 'fats'; give one of the configured routes: default, simple, odd",
    );
  });

  it('a config default route overrides the catalogue one', () => {
    const { settings: s, file } = settingsWith({ routes: { default: ['haiku'] } });
    expect(resolveChain(s).map((m) => m.name)).toEqual(['claude-haiku-4.5']);
    expect(s.sources['routes.default']).toEqual({
      kind: 'file',
      detail: `${file}#/routes/default`,
    });
  });
});
