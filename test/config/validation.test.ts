import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { FAKE_KEY, tempDirs, writeJson } from './helpers.js';

/** Loads `content` as ./shepherd.config.json and returns the ConfigError it raises. */
function errorFor(content: unknown): { err: ConfigError; file: string } {
  const { cwd, home } = tempDirs();
  const file = writeJson(join(cwd, 'shepherd.config.json'), content);
  try {
    loadSettings({ flags: {}, env: { HOME: home }, cwd });
  } catch (err) {
    if (err instanceof ConfigError) return { err, file };
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config validation errors name the file, the JSON path and what was expected', () => {
  it.each([
    ['{\n  "retry": { "attempts": 2, }\n}', 2, 29, "trailing comma before '}'"],
    ['{\n  "gateways": {\n    "main" { }\n  }\n}', 3, 12, "unexpected '{', expected ':'"],
    ['{ "timeouts": { "attempt": \'5s\' } }', 1, 28, 'strings need double quotes'],
    ['', 1, 1, 'the file is empty'],
    ['{ "retry": {', 1, 13, 'unexpected end of file, expected a double-quoted property name'],
  ])('invalid JSON %j → line:column', (text, line, column, reason) => {
    const { err, file } = errorFor(text);
    expect(err.message).toBe(`config error in ${file}:${line}:${column}: invalid JSON: ${reason}`);
    expect(err.file).toBe(file);
  });

  it('wrong type at a nested path', () => {
    const { err, file } = errorFor({ models: { 'gpt-4.1': { price: { input: 'two' } } } });
    expect(err.message).toBe(
      `config error in ${file} at models.gpt-4.1.price.input: expected a number, got "two"`,
    );
    expect(err.jsonPath).toBe('models.gpt-4.1.price.input');
  });

  it('unknown key, with the keys that are allowed there', () => {
    const { err, file } = errorFor({ gateways: { main: { baseURL: 'https://x.example/v1' } } });
    expect(err.message).toBe(
      `config error in ${file} at gateways.main.baseURL: unknown key; expected one of baseUrl, apiKeyEnv, apiKeyCmd, headers`,
    );
    expect(errorFor({ retries: {} }).err.message).toMatch(
      /at retries: unknown key; expected one of \$schema, gateways, models, routes, retry/,
    );
  });

  it('bad duration', () => {
    const { err, file } = errorFor({ timeouts: { deadline: '2 minutes' } });
    expect(err.message).toBe(
      `config error in ${file} at timeouts.deadline: expected a duration such as 250ms, 5s, 2m or 1h, got "2 minutes"`,
    );
  });

  it.each([
    [{ retry: { attempts: 0 } }, 'retry.attempts', 'expected a number >= 1, got 0'],
    [{ retry: { attempts: 1.5 } }, 'retry.attempts', 'expected a whole number, got 1.5'],
    [
      { models: { x: { price: { input: -1 } } } },
      'models.x.price.input',
      'expected a number >= 0, got -1',
    ],
    [{ routes: { fast: [] } }, 'routes.fast', 'expected at least 1 item, got an array'],
    [{ routes: { fast: ['a', 7] } }, 'routes.fast[1]', 'expected a string, got 7'],
    [[], '', 'expected an object, got an array'],
    [
      { gateways: { g: { baseUrl: 'gateway.example/v1' } } },
      'gateways.g.baseUrl',
      'expected an http(s) URL',
    ],
    [{ health: { maxLatency: 500 } }, 'health.maxLatency', 'expected a string, got 500'],
  ])('%j → %s', (content, path, expected) => {
    const { err, file } = errorFor(content);
    const where = path === '' ? 'the top level' : path;
    expect(err.message.startsWith(`config error in ${file} at ${where}: ${expected}`)).toBe(true);
    expect(err.jsonPath).toBe(path);
  });

  it.each([
    [{ timeouts: { attempt: '0s' } }, 'timeouts.attempt'],
    [{ timeouts: { idle: '0.0ms' } }, 'timeouts.idle'],
    [{ models: { 'gpt-4.1': { timeout: '0ms' } } }, 'models.gpt-4.1.timeout'],
    [{ health: { interval: '0m' } }, 'health.interval'],
  ])('a zero timeout or interval %j is an error at %s', (content, path) => {
    const { err, file } = errorFor(content);
    expect(err.message).toMatch(
      `config error in ${file} at ${path}: expected a duration above zero such as 250ms, 5s, 2m or 1h, got "0`,
    );
  });

  it('zero is fine where it means "no wait"', () => {
    const { cwd, home } = tempDirs();
    writeJson(join(cwd, 'shepherd.config.json'), {
      retry: { baseDelay: '0ms', maxRetryAfter: '0s' },
      breaker: { cooldown: '0s' },
    });
    expect(() => loadSettings({ flags: {}, env: { HOME: home }, cwd })).not.toThrow();
  });

  it('counts the other problems by place, in the right number', () => {
    // One bad URL fails two checks (pattern and parse): still one problem.
    const one = errorFor({ gateways: { g: { baseUrl: 'not a url' } } }).err.message;
    expect(one).not.toContain('more problem');
    const two = errorFor({
      gateways: { g: { baseUrl: 'not a url' } },
      retry: { attempts: 0 },
    }).err.message;
    expect(two).toMatch(/ \(and 1 more problem\)$/);
    const three = errorFor({
      gateways: { g: { baseUrl: 'not a url' } },
      retry: { attempts: 0, maxDelay: 'soon' },
    }).err.message;
    expect(three).toMatch(/ \(and 2 more problems\)$/);
  });

  it('a model on an unknown gateway', () => {
    const { err } = errorFor({
      models: { x: { gateway: 'mian', price: { input: 1, output: 1 } } },
    });
    expect(err.message).toMatch(
      /at models\.x\.gateway: expected one of the gateways default, got "mian"; add it under gateways/,
    );
  });

  it('a new model with only part of a price', () => {
    const { err } = errorFor({ models: { mine: { price: { input: 1 } } } });
    expect(err.message).toMatch(/at models\.mine\.price: expected input and output prices/);
  });

  it('never echoes a key pasted where a variable name belongs', () => {
    const { err } = errorFor({ gateways: { main: { apiKeyEnv: FAKE_KEY } } });
    expect(err.message).toMatch(
      /at gateways\.main\.apiKeyEnv: expected an environment variable name/,
    );
    expect(err.message).not.toContain(FAKE_KEY);
  });

  it('a base URL with credentials is rejected without echoing them', () => {
    const { err } = errorFor({
      gateways: { g: { baseUrl: 'https://me:s3cretpass@x.example/v1' } },
    });
    expect(err.message).toMatch(/at gateways\.g\.baseUrl: a base URL must not carry credentials/);
    expect(err.message).not.toContain('s3cretpass');
  });

  it('clashing aliases', () => {
    expect(errorFor({ models: { a: { aliases: ['gpt-5'] } } }).err.message).toMatch(
      /at models\.a\.aliases\[0\]: alias "gpt-5" is already the name of a model/,
    );
    expect(
      errorFor({ models: { 'gpt-4.1': { aliases: ['x'] }, 'gpt-5': { aliases: ['y', 'x'] } } }).err
        .message,
    ).toMatch(/at models\.gpt-5\.aliases\[1\]: alias "x" is already an alias of gpt-4\.1/);
  });

  it('accepts the SPEC §1 example as is', () => {
    const { cwd, home } = tempDirs();
    writeJson(join(cwd, 'shepherd.config.json'), {
      $schema: './node_modules/llm-shepherd/schema/config.schema.json',
      gateways: {
        main: {
          baseUrl: 'https://gateway.example/v1',
          apiKeyEnv: 'SHEPHERD_API_KEY',
          headers: { 'X-Region': 'ap-northeast-2' },
        },
        legacy: { baseUrl: 'https://legacy.example/v1', apiKeyEnv: 'LEGACY_KEY' },
      },
      models: {
        'gpt-4.1': {
          id: 'openai/gpt-4.1',
          aliases: ['gpt4'],
          gateway: 'main',
          contextWindow: 1047576,
          timeout: '30s',
          price: { input: 2.0, cachedInput: 0.5, output: 8.0 },
        },
      },
      routes: {
        default: ['gpt-4.1', 'claude-sonnet-4.5', 'gemini-2.5-flash', 'deepseek-v3.2'],
        simple: ['deepseek-v3.2', 'gemini-2.5-flash'],
      },
      retry: { attempts: 2, baseDelay: '500ms', maxDelay: '8s', maxRetryAfter: '10s' },
      breaker: { failures: 3, cooldown: '30s' },
      timeouts: { connect: '5s', firstToken: '15s', idle: '10s', attempt: '60s', deadline: '120s' },
      health: { maxLatency: '500ms', alertAfter: 3, recoverAfter: 2, interval: '30s' },
    });
    const s = loadSettings({ flags: {}, env: { HOME: home, SHEPHERD_API_KEY: FAKE_KEY }, cwd });
    expect(s.gateways['main']?.headers).toEqual({ 'X-Region': 'ap-northeast-2' });
    expect(s.gateways['main']?.keys.map((k) => k.reveal())).toEqual([FAKE_KEY]);
    expect(s.models['gpt-4.1']).toMatchObject({
      gateway: 'main',
      timeoutMs: 30_000,
      aliases: ['gpt4'],
    });
    expect(s.health.maxLatencyMs).toBe(500);
    expect(s.routes['simple']).toEqual(['deepseek-v3.2', 'gemini-2.5-flash']);
  });
});

describe('defaults (SPEC §1)', () => {
  it('retry.hedge takes a duration or off, and maxCooldown a duration', () => {
    const { cwd, home } = tempDirs();
    writeJson(join(cwd, 'shepherd.config.json'), {
      retry: { hedge: '1500ms' },
      breaker: { maxCooldown: '2m' },
    });
    const s = loadSettings({ flags: {}, env: { HOME: home }, cwd });
    expect(s.retry.hedgeMs).toBe(1500);
    expect(s.breaker.maxCooldownMs).toBe(120_000);
    writeJson(join(cwd, 'shepherd.config.json'), { retry: { hedge: 'off' } });
    expect(loadSettings({ flags: {}, env: { HOME: home }, cwd }).retry.hedgeMs).toBeUndefined();
    writeJson(join(cwd, 'shepherd.config.json'), { retry: { hedge: '0s' } });
    expect(() => loadSettings({ flags: {}, env: { HOME: home }, cwd })).toThrow(
      /retry\.hedge|hedge/,
    );
  });

  it('match the SPEC, with health.maxLatency 2s', () => {
    const { cwd, home } = tempDirs();
    const s = loadSettings({ flags: {}, env: { HOME: home }, cwd });
    expect(s.retry).toEqual({
      attempts: 2,
      baseDelayMs: 500,
      maxDelayMs: 8000,
      maxRetryAfterMs: 10_000,
    });
    // No hedging by default (retry.hedge off).
    expect(s.retry.hedgeMs).toBeUndefined();
    expect(s.breaker).toEqual({ failures: 3, cooldownMs: 5_000, maxCooldownMs: 60_000 });
    expect(s.timeouts).toEqual({
      connectMs: 5000,
      firstTokenMs: 10_000,
      idleMs: 10_000,
      attemptMs: 60_000,
      deadlineMs: 120_000,
    });
    expect(s.health).toEqual({
      maxLatencyMs: 2000,
      alertAfter: 3,
      recoverAfter: 2,
      intervalMs: 30_000,
    });
    expect(s.sources['retry.attempts']).toEqual({ kind: 'default', detail: 'default' });
    expect(s.configFile).toBeUndefined();
  });

  it('a partial block overrides only what it names', () => {
    const { cwd, home } = tempDirs();
    const file = writeJson(join(cwd, 'shepherd.config.json'), {
      retry: { attempts: 4 },
      timeouts: { attempt: '1.5s' },
    });
    const s = loadSettings({ flags: {}, env: { HOME: home }, cwd });
    expect(s.retry).toMatchObject({ attempts: 4, baseDelayMs: 500 });
    expect(s.timeouts.attemptMs).toBe(1500);
    expect(s.sources['retry.attempts']).toEqual({
      kind: 'file',
      detail: `${file}#/retry/attempts`,
    });
    expect(s.sources['retry.baseDelay']).toEqual({ kind: 'default', detail: 'default' });
  });
});
