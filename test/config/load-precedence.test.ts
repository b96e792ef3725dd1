import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load.js';
import { ConfigError, UsageError } from '../../src/core/errors.js';
import { FAKE_KEY, FAKE_KEY_2, tempDirs, writeJson } from './helpers.js';

function setup(config?: unknown) {
  const dirs = tempDirs();
  const file =
    config === undefined ? undefined : writeJson(join(dirs.cwd, 'shepherd.config.json'), config);
  return { ...dirs, file, env: { HOME: dirs.home } as Record<string, string | undefined> };
}

const fileGateway = {
  gateways: { default: { baseUrl: 'https://file.example/v1', apiKeyEnv: 'FILE_KEY' } },
};

describe('base URL precedence: flag > env > file > default', () => {
  it('default: not set, no error', () => {
    const { cwd, env } = setup();
    const s = loadSettings({ flags: {}, env, cwd });
    expect(s.gateways['default']?.baseUrl).toBeUndefined();
    expect(s.sources['gateways.default.baseUrl']).toEqual({ kind: 'default', detail: 'default' });
  });

  it('file beats default', () => {
    const { cwd, env, file } = setup(fileGateway);
    const s = loadSettings({ flags: {}, env, cwd });
    expect(s.gateways['default']?.baseUrl).toBe('https://file.example/v1');
    expect(s.sources['gateways.default.baseUrl']).toEqual({
      kind: 'file',
      detail: `${file}#/gateways/default/baseUrl`,
    });
  });

  it('OPENAI_BASE_URL beats the file', () => {
    const { cwd, env } = setup(fileGateway);
    env['OPENAI_BASE_URL'] = 'https://openai-env.example/v1';
    const s = loadSettings({ flags: {}, env, cwd });
    expect(s.gateways['default']?.baseUrl).toBe('https://openai-env.example/v1');
    expect(s.sources['gateways.default.baseUrl']).toEqual({
      kind: 'env',
      detail: 'OPENAI_BASE_URL',
    });
  });

  it('SHEPHERD_BASE_URL beats OPENAI_BASE_URL', () => {
    const { cwd, env } = setup(fileGateway);
    env['OPENAI_BASE_URL'] = 'https://openai-env.example/v1';
    env['SHEPHERD_BASE_URL'] = 'https://shepherd-env.example/v1/';
    const s = loadSettings({ flags: {}, env, cwd });
    expect(s.gateways['default']?.baseUrl).toBe('https://shepherd-env.example/v1');
    expect(s.sources['gateways.default.baseUrl']).toEqual({
      kind: 'env',
      detail: 'SHEPHERD_BASE_URL',
    });
  });

  it('--base-url beats the environment, and a trailing slash is dropped', () => {
    const { cwd, env } = setup(fileGateway);
    env['SHEPHERD_BASE_URL'] = 'https://shepherd-env.example/v1';
    const s = loadSettings({ flags: { baseUrl: 'http://localhost:4000/v1/' }, env, cwd });
    expect(s.gateways['default']?.baseUrl).toBe('http://localhost:4000/v1');
    expect(s.sources['gateways.default.baseUrl']).toEqual({ kind: 'flag', detail: '--base-url' });
  });

  it('blank environment values count as unset', () => {
    const { cwd, env } = setup(fileGateway);
    env['SHEPHERD_BASE_URL'] = '  ';
    expect(loadSettings({ flags: {}, env, cwd }).gateways['default']?.baseUrl).toBe(
      'https://file.example/v1',
    );
  });

  it('named gateways keep their URL when --base-url is given', () => {
    const { cwd, env } = setup({
      gateways: { legacy: { baseUrl: 'https://legacy.example/v1' } },
      models: { old: { id: 'vendor/old', gateway: 'legacy', price: { input: 1, output: 2 } } },
    });
    env['SHEPHERD_BASE_URL'] = 'https://env.example/v1';
    const s = loadSettings({ flags: { baseUrl: 'https://flag.example/v1' }, env, cwd });
    expect(s.gateways['default']?.baseUrl).toBe('https://flag.example/v1');
    expect(s.gateways['legacy']?.baseUrl).toBe('https://legacy.example/v1');
    expect(s.models['old']?.gateway).toBe('legacy');
    expect(s.models['gpt-4.1']?.gateway).toBe('default');
  });

  it('rejects a base URL that is not http(s) or carries credentials', () => {
    const { cwd, env } = setup();
    expect(() => loadSettings({ flags: { baseUrl: 'ftp://x.example/v1' }, env, cwd })).toThrow(
      /--base-url 'ftp:\/\/x.example\/v1': expected an http\(s\) URL/,
    );
    env['SHEPHERD_BASE_URL'] = 'https://user:hunter2secret@x.example/v1';
    let message = '';
    try {
      loadSettings({ flags: {}, env, cwd });
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^SHEPHERD_BASE_URL: a base URL must not carry credentials/);
    expect(message).not.toContain('hunter2secret');
  });

  it('notes a base URL that does not end at /v1 but accepts it', () => {
    const { cwd, env } = setup();
    const s = loadSettings({ flags: { baseUrl: 'https://api.example.com' }, env, cwd });
    expect(s.gateways['default']?.baseUrl).toBe('https://api.example.com');
    expect(s.notes?.join('\n')).toMatch(/does not end at \/v1/);
  });
});

describe('API key precedence: --api-key-env > SHEPHERD_API_KEYS > SHEPHERD_API_KEY > OPENAI_API_KEY > config', () => {
  const keyOf = (
    env: Record<string, string | undefined>,
    flags = {},
    config: unknown = fileGateway,
  ) => {
    const dirs = setup(config);
    const s = loadSettings({ flags, env: { ...dirs.env, ...env }, cwd: dirs.cwd });
    const gw = s.gateways['default']!;
    return {
      values: gw.keys.map((k) => k.reveal()),
      keySource: gw.keySource,
      source: s.sources['gateways.default.keys'],
      gw,
      file: dirs.file,
    };
  };

  it('no key anywhere: keyless, no error', () => {
    const r = keyOf({}, {}, {});
    expect(r.values).toEqual([]);
    expect(r.keySource).toBeUndefined();
  });

  it('config apiKeyEnv is used last', () => {
    const r = keyOf({ FILE_KEY: FAKE_KEY });
    expect(r.values).toEqual([FAKE_KEY]);
    expect(r.keySource).toBe('env FILE_KEY (config gateways.default.apiKeyEnv)');
    expect(r.source).toEqual({ kind: 'file', detail: `${r.file}#/gateways/default/apiKeyEnv` });
  });

  it('OPENAI_API_KEY beats config', () => {
    const r = keyOf({ FILE_KEY: 'sk-file-FAKEFAKEFAKE', OPENAI_API_KEY: FAKE_KEY });
    expect(r.values).toEqual([FAKE_KEY]);
    expect(r.keySource).toBe('env OPENAI_API_KEY');
  });

  it('SHEPHERD_API_KEY beats OPENAI_API_KEY', () => {
    const r = keyOf({ OPENAI_API_KEY: 'sk-openai-FAKEFAKE', SHEPHERD_API_KEY: FAKE_KEY });
    expect(r.values).toEqual([FAKE_KEY]);
    expect(r.source).toEqual({ kind: 'env', detail: 'SHEPHERD_API_KEY' });
  });

  it('SHEPHERD_API_KEYS gives several keys for rotation and beats SHEPHERD_API_KEY', () => {
    const r = keyOf({
      SHEPHERD_API_KEY: 'sk-single-FAKEFAKE',
      SHEPHERD_API_KEYS: ` ${FAKE_KEY}, ${FAKE_KEY_2},`,
    });
    expect(r.values).toEqual([FAKE_KEY, FAKE_KEY_2]);
    expect(r.keySource).toBe('env SHEPHERD_API_KEYS');
    expect(r.gw.keys.map((k) => k.source)).toEqual([
      'env SHEPHERD_API_KEYS #1',
      'env SHEPHERD_API_KEYS #2',
    ]);
  });

  it('SHEPHERD_API_KEYS set to only commas is a usage error, not a silent fall-back to another key', () => {
    expect(() => keyOf({ SHEPHERD_API_KEYS: ' , ,', SHEPHERD_API_KEY: FAKE_KEY })).toThrow(
      'SHEPHERD_API_KEYS is set but holds no key (only commas or spaces); set it like key1,key2 or unset it',
    );
  });

  it('--api-key-env beats every variable', () => {
    const r = keyOf(
      { SHEPHERD_API_KEYS: 'sk-a-FAKEFAKEFAKE', MY_KEY: FAKE_KEY },
      { apiKeyEnv: 'MY_KEY' },
    );
    expect(r.values).toEqual([FAKE_KEY]);
    expect(r.keySource).toBe('env MY_KEY (--api-key-env)');
    expect(r.source).toEqual({ kind: 'flag', detail: '--api-key-env MY_KEY' });
  });

  it('--api-key-env naming an unset or empty variable is a usage error naming it', () => {
    for (const env of [{}, { MY_KEY: '' }]) {
      expect(() => keyOf(env, { apiKeyEnv: 'MY_KEY' })).toThrow(UsageError);
      expect(() => keyOf(env, { apiKeyEnv: 'MY_KEY' })).toThrow(
        /--api-key-env names MY_KEY, but MY_KEY is not set/,
      );
    }
  });

  it('--api-key-env given a key instead of a name never echoes it', () => {
    let message = '';
    try {
      keyOf({}, { apiKeyEnv: FAKE_KEY });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/takes the name of an environment variable/);
    expect(message).not.toContain(FAKE_KEY);
  });

  it('named gateways read only the variable their apiKeyEnv names', () => {
    const { cwd, env } = setup({
      gateways: {
        main: { baseUrl: 'https://main.example/v1', apiKeyEnv: 'MAIN_KEY' },
        legacy: { baseUrl: 'https://legacy.example/v1', apiKeyEnv: 'LEGACY_KEY' },
        open: { baseUrl: 'http://localhost:11434/v1' },
      },
    });
    const s = loadSettings({
      flags: {},
      env: { ...env, MAIN_KEY: FAKE_KEY, SHEPHERD_API_KEY: FAKE_KEY_2 },
      cwd,
    });
    expect(s.gateways['main']?.keys.map((k) => k.reveal())).toEqual([FAKE_KEY]);
    expect(s.gateways['main']?.keySource).toBe('env MAIN_KEY (config gateways.main.apiKeyEnv)');
    expect(s.gateways['legacy']?.keys).toEqual([]);
    expect(s.gateways['legacy']?.apiKeyEnv).toBe('LEGACY_KEY');
    expect(s.notes?.join('\n')).toContain(
      "gateway 'legacy': LEGACY_KEY (gateways.legacy.apiKeyEnv) is not set",
    );
    expect(s.gateways['open']?.keys).toEqual([]);
    expect(s.gateways['default']?.keys.map((k) => k.reveal())).toEqual([FAKE_KEY_2]);
  });
});

describe('config file precedence: --config > SHEPHERD_CONFIG > ./shepherd.config.json > XDG', () => {
  const marker = (url: string) => ({ gateways: { default: { baseUrl: url } } });

  function all() {
    const dirs = tempDirs();
    const flagFile = writeJson(join(dirs.root, 'flag.json'), marker('https://flag.example/v1'));
    const envFile = writeJson(join(dirs.root, 'env.json'), marker('https://env.example/v1'));
    const localFile = writeJson(
      join(dirs.cwd, 'shepherd.config.json'),
      marker('https://local.example/v1'),
    );
    const xdgFile = writeJson(
      join(dirs.home, '.config', 'shepherd', 'config.json'),
      marker('https://xdg.example/v1'),
    );
    return { ...dirs, flagFile, envFile, localFile, xdgFile };
  }

  it('--config wins (relative to cwd)', () => {
    const d = all();
    const s = loadSettings({
      flags: { config: '../flag.json' },
      env: { HOME: d.home, SHEPHERD_CONFIG: d.envFile },
      cwd: d.cwd,
    });
    expect(s.configFile).toBe(d.flagFile);
    expect(s.gateways['default']?.baseUrl).toBe('https://flag.example/v1');
    expect(s.sources['configFile']).toEqual({ kind: 'flag', detail: '--config' });
  });

  it('SHEPHERD_CONFIG beats the local file', () => {
    const d = all();
    const s = loadSettings({
      flags: {},
      env: { HOME: d.home, SHEPHERD_CONFIG: d.envFile },
      cwd: d.cwd,
    });
    expect(s.configFile).toBe(d.envFile);
    expect(s.sources['configFile']).toEqual({ kind: 'env', detail: 'SHEPHERD_CONFIG' });
  });

  it('./shepherd.config.json beats the XDG file', () => {
    const d = all();
    const s = loadSettings({ flags: {}, env: { HOME: d.home }, cwd: d.cwd });
    expect(s.configFile).toBe(d.localFile);
    expect(s.sources['configFile']?.kind).toBe('default');
  });

  it('falls back to $HOME/.config/shepherd/config.json', () => {
    const d = all();
    const s = loadSettings({ flags: {}, env: { HOME: d.home }, cwd: d.root });
    expect(s.configFile).toBe(d.xdgFile);
  });

  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    const d = all();
    const other = writeJson(
      join(d.root, 'xdg', 'shepherd', 'config.json'),
      marker('https://other.example/v1'),
    );
    expect(
      loadSettings({
        flags: {},
        env: { HOME: d.home, XDG_CONFIG_HOME: join(d.root, 'xdg') },
        cwd: d.root,
      }).configFile,
    ).toBe(other);
    expect(
      loadSettings({ flags: {}, env: { HOME: d.home, XDG_CONFIG_HOME: 'xdg' }, cwd: d.root })
        .configFile,
    ).toBe(d.xdgFile);
  });

  it('without HOME or XDG_CONFIG_HOME no per-user file is searched', () => {
    const d = all();
    expect(loadSettings({ flags: {}, env: {}, cwd: d.root }).configFile).toBeUndefined();
  });

  it('a file named by --config or SHEPHERD_CONFIG must exist', () => {
    const d = all();
    const missing = join(d.root, 'nope.json');
    expect(() => loadSettings({ flags: { config: missing }, env: {}, cwd: d.cwd })).toThrow(
      new RegExp(`config file ${missing} \\(from flag --config\\) not found`),
    );
    try {
      loadSettings({ flags: {}, env: { SHEPHERD_CONFIG: 'nope.json' }, cwd: d.root });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).file).toBe(missing);
      expect((err as Error).message).toContain('(from env SHEPHERD_CONFIG)');
    }
  });
});

describe('paths and proxy', () => {
  it('puts state and usage under XDG dirs (default under HOME)', () => {
    const { cwd, home } = tempDirs();
    const s = loadSettings({ flags: {}, env: { HOME: home }, cwd });
    expect(s.stateFile).toBe(join(home, '.local', 'state', 'shepherd', 'health.json'));
    expect(s.usageLedger).toBe(join(home, '.local', 'share', 'shepherd', 'usage.jsonl'));
    const t = loadSettings({
      flags: {},
      env: { HOME: home, XDG_STATE_HOME: '/s', XDG_DATA_HOME: '/d' },
      cwd,
    });
    expect([t.stateFile, t.usageLedger]).toEqual([
      '/s/shepherd/health.json',
      '/d/shepherd/usage.jsonl',
    ]);
    expect(t.sources['stateFile']).toEqual({ kind: 'env', detail: 'XDG_STATE_HOME' });
  });

  it('reports the proxy without credentials', () => {
    const { cwd, home } = tempDirs();
    const s = loadSettings({
      flags: {},
      env: {
        HOME: home,
        HTTPS_PROXY: 'http://user:pa55word@proxy.example:3128',
        NO_PROXY: 'localhost',
      },
      cwd,
    });
    expect(s.proxy).toBe('http://proxy.example:3128');
    expect(s.proxy).not.toContain('pa55word');
    expect(s.noProxy).toBe('localhost');
    expect(s.sources['proxy']).toEqual({ kind: 'env', detail: 'HTTPS_PROXY' });
    expect(
      loadSettings({ flags: {}, env: { HOME: home, http_proxy: 'http://p:8080' }, cwd }).proxy,
    ).toBe('http://p:8080');
  });
});
