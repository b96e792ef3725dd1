import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cutRedacted,
  redactSecrets,
  redactTrailingPrefix,
  redactUrl,
  redactUrlCredentials,
} from '../../src/core/redaction.js';
import { isCredentialHeader, redactHeader, secretHeaderValues } from '../../src/core/secrets.js';
import { scriptedServer } from '../helpers/scripted-server.js';
import { fastConfig, runCli, tempHome } from '../helpers/cli-run.js';

const KEY = { value: 'sk-LEAKCANARY.FAKE.0001', shown: 'sk-…0001' };

describe('secrets in text', () => {
  it('replaces whole keys and a key cut short at the end of a text', () => {
    expect(redactSecrets(`a ${KEY.value} b`, [KEY])).toBe('a sk-…0001 b');
    expect(redactTrailingPrefix('error: sk-LEAKCAN', [KEY])).toBe('error: sk-…0001');
    // Fewer than 8 characters of a key at the end are ordinary text.
    expect(redactTrailingPrefix('error: sk-LEAK', [KEY])).toBe('error: sk-LEAK');
  });

  it('redacts before it cuts, so a key past the cut leaves nothing behind', () => {
    const text = `${'x'.repeat(288)}${KEY.value} more`;
    const cut = cutRedacted(text, 300, [KEY]);
    expect(cut).not.toContain('sk-LEAKC');
    expect(cut.endsWith('…')).toBe(true);
    // A cut that falls inside a key already replaced never shows its characters either.
    expect(cutRedacted(`${'y'.repeat(295)}${KEY.value}`, 300, [KEY])).not.toMatch(/LEAK/);
  });

  it('strips URL credentials: user:password and key-like query parameters', () => {
    expect(redactUrl('http://user:pw@proxy.example:3128/')).toBe('http://***@proxy.example:3128/');
    expect(redactUrl('https://x.example/v1?key=abc&x=1&api_key=def&access_token=t&sig=s')).toBe(
      'https://x.example/v1?key=***&x=1&api_key=***&access_token=***&sig=***',
    );
    expect(redactUrlCredentials('cannot reach https://a:b@h.example/v1?token=zz: refused')).toBe(
      'cannot reach https://***@h.example/v1?token=***: refused',
    );
    expect(redactUrlCredentials('plain https://h.example/v1?model=x')).toBe(
      'plain https://h.example/v1?model=x',
    );
  });
});

describe('only credential headers are hidden (issue 12 §3)', () => {
  it('names: authorization, api keys, cookies, *-key, *-token, *-secret', () => {
    for (const name of [
      'Authorization',
      'proxy-authorization',
      'api-key',
      'X-Api-Key',
      'cookie',
      'x-portkey-api-key',
      'x-goog-api-key',
      'x-auth-token',
      'x-client-secret',
    ]) {
      expect(isCredentialHeader(name), name).toBe(true);
    }
    for (const name of ['x-portkey-provider', 'x-portkey-region', 'x-keyboard', 'x-monkey-mode']) {
      expect(isCredentialHeader(name), name).toBe(false);
    }
    expect(redactHeader('x-portkey-provider', 'openai')).toBe('openai');
    expect(redactHeader('x-portkey-config', 'pc-abcdefghijklmnopqrstuvwxyz')).toBe(
      'pc-abcdefghijklmnopqrstuvwxyz',
    );
    expect(redactHeader('x-api-key', 'sk-FAKE-hdr-9876')).toBe('sk-…9876 (redacted)');
    expect(
      secretHeaderValues({ 'x-portkey-provider': 'openai', Authorization: 'Bearer tok-12345678' }),
    ).toEqual(['Bearer tok-12345678', 'tok-12345678']);
  });

  let server: Awaited<ReturnType<typeof scriptedServer>>;
  beforeAll(async () => {
    server = await scriptedServer({
      '*': [
        (req, res) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: {
                message: `openai error: region ap-northeast-2 rejected token ${String(req.headers['x-auth-token'])}`,
              },
            }),
          );
        },
      ],
    });
  });
  afterAll(() => server.close());

  it('a gateway error naming a harmless header value is shown as it is; a secret one is not', async () => {
    const home = tempHome(
      fastConfig(server.url, {
        gateways: {
          default: {
            baseUrl: server.url,
            headers: {
              'x-portkey-provider': 'openai',
              'x-portkey-region': 'ap-northeast-2',
              'x-auth-token': 'tok-FAKE-secret-4321',
            },
          },
        },
      }),
    );
    const r = await runCli(home, ['chat', '-m', 'a', 'hello']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('openai error: region ap-northeast-2 rejected token tok-…4321');
    expect(r.stderr).not.toContain('tok-FAKE-secret');
    expect(server.seen[0]?.headers['x-portkey-provider']).toBe('openai');
    const config = await runCli(home, ['--wide', 'config']);
    expect(config.stdout).toMatch(/headers\.x-portkey-region\s+ap-northeast-2/);
    expect(config.stdout).toMatch(/headers\.x-auth-token\s+tok-…4321 \(redacted\)/);
  });
});
