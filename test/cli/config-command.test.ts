import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { FAKE_KEY, FAKE_KEY_2, tempDirs, writeJson } from '../config/helpers.js';

interface ConfigDoc {
  schema: string;
  settings: { key: string; value: unknown; source: string }[];
}

describe('shepherd config', () => {
  function run(argv: string[], env: Record<string, string>, config?: unknown) {
    const dirs = tempDirs();
    const file =
      config === undefined ? undefined : writeJson(join(dirs.cwd, 'shepherd.config.json'), config);
    const io = memoryIo({ env: { HOME: dirs.home, ...env }, cwd: dirs.cwd });
    return main(argv, io).then((code) => ({ code, io, file, ...dirs }));
  }

  const config = {
    gateways: {
      default: {
        headers: { Authorization: 'Bearer sk-hdr-FAKE9876', 'X-Region': 'eu-1' },
      },
      legacy: {
        baseUrl: 'https://legacy.example/v1',
        apiKeyEnv: 'LEGACY_KEY',
        headers: { 'X-Api-Key': 'plain-FAKE-secret-5555' },
      },
    },
    timeouts: { attempt: '30s' },
  };

  it('prints settings with sources and only key fingerprints (table)', async () => {
    const { code, io, file } = await run(
      ['config', '--wide', '--base-url', 'https://flag.example/v1'],
      { SHEPHERD_API_KEYS: `${FAKE_KEY},${FAKE_KEY_2}`, LEGACY_KEY: 'sk-legacy-FAKEFAKE4444' },
      config,
    );
    expect(code).toBe(0);
    const out = io.stdout.text + io.stderr.text;
    for (const secret of [
      FAKE_KEY,
      FAKE_KEY_2,
      'sk-legacy-FAKEFAKE4444',
      'sk-hdr-FAKE9876',
      'plain-FAKE-secret-5555',
    ]) {
      expect(out).not.toContain(secret);
    }
    const line = (key: string) =>
      io.stdout.text.split('\n').find((l) => l.startsWith(key + ' ')) ?? '';
    expect(line('gateways.default.baseUrl')).toMatch(
      /https:\/\/flag\.example\/v1\s+flag --base-url$/,
    );
    expect(line('gateways.default.keys')).toMatch(
      /sk-…abcd, sk-…efgh \(SHEPHERD_API_KEYS\)\s+env SHEPHERD_API_KEYS$/,
    );
    expect(line('gateways.legacy.keys')).toContain('sk-…4444');
    expect(line('gateways.legacy.keys')).toContain(`file ${file}#/gateways/legacy/apiKeyEnv`);
    expect(line('gateways.default.headers.Authorization')).toContain('(redacted)');
    expect(line('gateways.default.headers.X-Region')).toContain('eu-1');
    expect(line('timeouts.attempt')).toMatch(new RegExp(`30s\\s+file ${file}#/timeouts/attempt$`));
    expect(line('timeouts.deadline')).toMatch(/2m\s+default$/);
    expect(line('health.maxLatency')).toMatch(/2s\s+default$/);
    expect(line('routes.default')).toContain('gpt-4.1 → claude-sonnet-4.5');
    expect(line('catalogue.version')).toContain('2026-11-23');
  });

  it('--simulate shows what a simulated run uses: the simulator, no key, -simulate files', async () => {
    const { code, io } = await run(
      ['config', '--json', '--simulate', '--simulate-profile', 'flaky'],
      { SHEPHERD_API_KEY: FAKE_KEY, SHEPHERD_BASE_URL: 'https://env.example/v1' },
      config,
    );
    expect(code).toBe(0);
    expect(io.stdout.text + io.stderr.text).not.toContain(FAKE_KEY);
    const doc = JSON.parse(io.stdout.text) as ConfigDoc;
    const get = (key: string) => doc.settings.find((s) => s.key === key);
    for (const gw of ['default', 'legacy']) {
      expect(get(`gateways.${gw}.baseUrl`)).toMatchObject({
        value: null,
        source: 'flag --simulate',
      });
      expect(get(`gateways.${gw}.keys`)).toMatchObject({ value: [], source: 'flag --simulate' });
    }
    expect(get('simulator.profile')).toMatchObject({
      value: 'flaky',
      source: 'flag --simulate-profile',
    });
    expect(get('usageLedger')?.value).toMatch(/usage-simulate\.jsonl$/);
    expect(get('stateFile')?.source).toMatch(/-simulate by flag --simulate$/);
  });

  it('--json prints exactly one document with key, value and source, and no key', async () => {
    const { code, io, file } = await run(
      ['config', '--json'],
      { SHEPHERD_API_KEY: FAKE_KEY, SHEPHERD_BASE_URL: 'https://env.example/v1' },
      config,
    );
    expect(code).toBe(0);
    for (const secret of [FAKE_KEY, 'sk-hdr-FAKE9876', 'plain-FAKE-secret-5555']) {
      expect(io.stdout.text + io.stderr.text).not.toContain(secret);
    }
    const doc = JSON.parse(io.stdout.text) as ConfigDoc;
    expect(doc.schema).toBe('shepherd.config/v1');
    const get = (key: string) => doc.settings.find((s) => s.key === key);
    expect(get('gateways.default.baseUrl')).toEqual({
      key: 'gateways.default.baseUrl',
      value: 'https://env.example/v1',
      source: 'env SHEPHERD_BASE_URL',
    });
    expect(get('gateways.default.keys')).toEqual({
      key: 'gateways.default.keys',
      value: ['sk-…abcd'],
      source: 'env SHEPHERD_API_KEY',
    });
    expect(get('gateways.legacy.baseUrl')?.source).toBe(`file ${file}#/gateways/legacy/baseUrl`);
    expect(get('retry.attempts')).toEqual({ key: 'retry.attempts', value: 2, source: 'default' });
    expect(get('configFile')).toMatchObject({ value: file });
    expect(get('gateways.default.headers.Authorization')?.value).toBe('…9876 (redacted)');
    expect(get('gateways.legacy.keys')).toMatchObject({ value: [] });
    expect(get('models.gpt-4.1.price')?.value).toMatchObject({
      input: 2,
      cachedInput: 0.5,
      output: 8,
    });
  });

  it('--simulate shows no key of several, nor a gateway key from the environment', async () => {
    const { code, io } = await run(
      ['config', '--simulate', '--json'],
      { SHEPHERD_API_KEYS: `${FAKE_KEY},${FAKE_KEY_2}`, LEGACY_KEY: 'sk-legacy-FAKEFAKE4444' },
      config,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(io.stdout.text) as ConfigDoc;
    const get = (key: string) => doc.settings.find((s) => s.key === key);
    for (const gw of ['default', 'legacy']) {
      expect(get(`gateways.${gw}.baseUrl`)).toMatchObject({
        value: null,
        source: 'flag --simulate',
      });
      expect(get(`gateways.${gw}.keys`)).toMatchObject({ value: [], source: 'flag --simulate' });
    }
    expect(get('stateFile')?.value).toMatch(/health-simulate\.json$/);
    expect(io.stdout.text + io.stderr.text).not.toMatch(/FAKE/);
  });

  it('a broken config file exits 2 naming the file and the JSON path', async () => {
    const { code, io, file } = await run(['config'], {}, { gateways: { main: { baseUrl: 42 } } });
    expect(code).toBe(2);
    expect(io.stdout.text).toBe('');
    expect(io.stderr.text).toBe(
      `shepherd: config error in ${file} at gateways.main.baseUrl: expected a string, got 42\n`,
    );
  });

  it('a missing --config file exits 2 naming it', async () => {
    const { code, io, root } = await run(['config', '--config', 'missing.json'], {});
    expect(code).toBe(2);
    expect(io.stderr.text).toContain(
      `config file ${join(root, 'work', 'missing.json')} (from flag --config) not found`,
    );
  });

  it('prints notes on stderr, and not with --quiet', async () => {
    const noisy = await run(['config', '--base-url', 'https://api.example.com'], {});
    expect(noisy.io.stderr.text).toMatch(
      /^shepherd: note: gateway 'default': base URL https:\/\/api\.example\.com does not end at \/v1/,
    );
    const quiet = await run(['config', '--quiet', '--base-url', 'https://api.example.com'], {});
    expect(quiet.io.stderr.text).toBe('');
  });
});
