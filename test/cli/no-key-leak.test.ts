import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import { scriptedServer } from '../helpers/scripted-server.js';
import { homeEnv } from '../helpers/home-env.js';

/**
 * SPEC §2: "API keys never appear in any output, log, JSON or error message, whatever the
 * path." Distinctive fake keys come in through every way a key can (SHEPHERD_API_KEY,
 * SHEPHERD_API_KEYS, a config gateway's apiKeyEnv, a secret gateway header, a proxy URL
 * with a password); every command runs on success and failure paths, with table and JSON
 * output and every file it can write; then stdout, stderr and every file under the temp
 * HOME are searched for the secrets.
 */
const KEY_1 = 'sk-test.FAKE.leak.single.0001';
const KEY_2 = 'sk-test.FAKE.leak.rotate.0002';
const KEY_3 = 'sk-test.FAKE.leak.other-gw.0003';
const HEADER_SECRET = 'sk-test.FAKE.leak.header.0004';
const PROXY_PASSWORD = 'FAKEproxyPassw0rd.leak';
/** The key a gateway's apiKeyCmd prints (read from a file outside HOME). */
const KEY_4 = 'sk-test.FAKE.leak.from-cmd.0005';
const SECRETS = [KEY_1, KEY_2, KEY_3, HEADER_SECRET, PROXY_PASSWORD, KEY_4];
/** The distinctive middles too: a key cut short or re-encoded must not show either. */
const FRAGMENTS = [
  'leak.single',
  'leak.rotate',
  'leak.other-gw',
  'leak.header',
  'proxyPassw0rd',
  'leak.from-cmd',
];

/** Any key-looking text the tests did not plant would be a real key: never allowed. */
const REAL_KEY = /sk-[A-Za-z0-9_-]{24,}/;

interface Gateway {
  name: string;
  url: string;
  env?: Record<string, string>;
}

let okSim: Simulator;
let authSim: Simulator;
let echo: Awaited<ReturnType<typeof scriptedServer>>;
const homes: string[] = [];

/** Echoes every request header (the Authorization and X-Api-Key included) in its error bodies. */
function echoHeaders(status: number) {
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          message: `rejected ${JSON.stringify(req.headers)}; key ${req.headers.authorization ?? ''}`,
          type: 'server_error',
          code: status === 401 ? 'invalid_api_key' : null,
        },
      }),
    );
  };
}

beforeAll(async () => {
  const fast = { ttftMs: 1, itlMs: 0, outputTokens: 4 };
  const models = { a: { ...fast, id: 'a' }, b: { ...fast, id: 'b' }, c: { ...fast, id: 'c' } };
  okSim = await createSimulator({
    profile: { name: 'leak-ok', models },
    apiKeys: [KEY_1, KEY_2, KEY_3, KEY_4],
  });
  authSim = await createSimulator({
    profile: { name: 'leak-401', models },
    apiKeys: ['sk-test.FAKE.the-only-accepted-one'],
  });
  echo = await scriptedServer({ '*': [echoHeaders(502)] });
});

afterAll(async () => {
  await Promise.allSettled([okSim.close(), authSim.close(), echo.close()]);
});

function newHome(
  baseUrl: string,
  other: Record<string, string> = { apiKeyEnv: 'OTHER_GATEWAY_KEY' },
): string {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-leak-'));
  homes.push(home);
  writeFileSync(
    join(home, 'shepherd.config.json'),
    JSON.stringify({
      gateways: {
        default: { baseUrl, headers: { 'X-Api-Key': HEADER_SECRET } },
        other: { baseUrl, ...other },
      },
      models: {
        a: { id: 'a', price: { input: 1, output: 2 } },
        b: { id: 'b', price: { input: 1, output: 2 } },
        c: { id: 'c', gateway: 'other', price: { input: 1, output: 2 } },
      },
      routes: { default: ['a', 'b', 'c'] },
      retry: { attempts: 2, baseDelay: '5ms', maxDelay: '20ms', maxRetryAfter: '1s' },
      timeouts: { connect: '1s', firstToken: '2s', idle: '2s', attempt: '3s', deadline: '6s' },
    }),
  );
  return home;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

function expectNoSecret(where: string, text: string): void {
  for (const secret of [...SECRETS, ...FRAGMENTS]) {
    if (text.includes(secret)) {
      expect.fail(`${where} contains '${secret}':\n${text.slice(0, 2000)}`);
    }
  }
  expect(REAL_KEY.test(text), `${where} contains a real-looking key`).toBe(false);
}

async function run(home: string, args: string[], env: Record<string, string>) {
  const io = memoryIo({
    env: {
      ...homeEnv(home),
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: join(home, 'step-summary.md'),
      OTHER_GATEWAY_KEY: KEY_3,
      ...env,
    },
    cwd: home,
  });
  const code = await main(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/** Every command with table and JSON output and every file it writes. */
const COMMANDS: string[][] = [
  ['chat', 'hello'],
  ['chat', '--json', 'hello'],
  ['chat', '--no-stream', '-m', 'c', 'hello'],
  ['chat', '--json', '--no-stream', '-m', 'b,c', 'hello'],
  ['health', '--junit', 'junit.xml'],
  ['health', '--json', '--probe', 'models'],
  ['health', '--probe', 'endpoint', 'a'],
  ['bench', '-n', '2', '-c', '1', '--no-tui', '--out', 'bench.json', '--shard', '1/2'],
  ['bench', '-n', '2', '-c', '1', '--json', '--out', 'bench2.json', '--shard', '2/2'],
  ['bench', 'merge', 'bench.json', 'bench2.json', '--out', 'merged.json'],
  ['bench', 'merge', 'bench.json', 'bench2.json', '--json'],
  ['models'],
  ['models', '--json'],
  ['config'],
  ['config', '--json'],
  ['cost', '--from', 'usage'],
  ['cost', '--from', 'usage', '--json'],
  ['cost', '--from', 'bench.json', '--json'],
];

function gateways(): Gateway[] {
  const proxy = `http://shepherd-user:${PROXY_PASSWORD}@127.0.0.1:1`;
  return [
    { name: 'success', url: okSim.url },
    { name: '401 from a simulator with apiKeys', url: authSim.url },
    { name: '502 echoing the request headers', url: echo.url },
    { name: 'unreachable gateway', url: 'http://127.0.0.1:1/v1' },
    {
      name: 'unreachable proxy with credentials',
      url: okSim.url,
      env: { HTTPS_PROXY: proxy, HTTP_PROXY: proxy, https_proxy: proxy, http_proxy: proxy },
    },
    {
      name: 'malformed proxy URL with credentials',
      url: okSim.url,
      env: {
        HTTPS_PROXY: `http://shepherd-user:${PROXY_PASSWORD}@[::bad`,
        HTTP_PROXY: `http://shepherd-user:${PROXY_PASSWORD}@[::bad`,
      },
    },
  ];
}

const KEY_ENVS: { name: string; env: Record<string, string>; args: string[] }[] = [
  { name: 'SHEPHERD_API_KEY', env: { SHEPHERD_API_KEY: KEY_1 }, args: [] },
  { name: 'SHEPHERD_API_KEYS', env: { SHEPHERD_API_KEYS: `${KEY_1},${KEY_2}` }, args: [] },
  {
    name: '--api-key-env naming the config key variable',
    env: { SHEPHERD_API_KEY: KEY_1 },
    args: ['--api-key-env', 'OTHER_GATEWAY_KEY'],
  },
];

describe('no API key, header secret or proxy password reaches any output or file', () => {
  for (const keys of KEY_ENVS) {
    it(`keys from ${keys.name}: every command, every gateway outcome`, async () => {
      const seen = new Map<string, Set<number>>();
      for (const gw of gateways()) {
        const home = newHome(gw.url);
        for (const args of COMMANDS) {
          if (
            args[0] === 'cost' &&
            args[2] === 'bench.json' &&
            !existsSync(join(home, 'bench.json'))
          )
            continue;
          if (args[1] === 'merge' && !existsSync(join(home, 'bench2.json'))) continue;
          const r = await run(home, [...keys.args, ...args], { ...keys.env, ...gw.env });
          const label = `${gw.name}: shepherd ${args.join(' ')} (exit ${r.code})`;
          expectNoSecret(`${label} stdout`, r.stdout);
          expectNoSecret(`${label} stderr`, r.stderr);
          expect(r.stderr, `${label}: no stack trace`).not.toMatch(/\n\s+at /);
          const codes = seen.get(gw.name) ?? new Set<number>();
          codes.add(r.code);
          seen.set(gw.name, codes);
        }
        // Every file the runs wrote (the planted config file holds the header secret).
        for (const file of filesUnder(home).filter((f) => !f.endsWith('shepherd.config.json'))) {
          expectNoSecret(`${gw.name}: file ${file}`, readFileSync(file, 'utf8'));
        }
      }
      // The failure paths really failed, and the success path really succeeded.
      expect([...(seen.get('success') ?? [])]).toEqual([0]);
      expect(seen.get('401 from a simulator with apiKeys')).toContain(3);
      expect(seen.get('502 echoing the request headers')).toContain(4);
      expect(seen.get('unreachable gateway')).toContain(4);
      // A proxy variable that is not a URL is a usage error before anything is sent.
      expect(seen.get('malformed proxy URL with credentials')).toContain(2);
    }, 60_000);
  }

  it('a key from gateways.other.apiKeyCmd: every command, every gateway outcome', async () => {
    const secrets = mkdtempSync(join(tmpdir(), 'shepherd-keycmd-'));
    homes.push(secrets);
    const keyFile = join(secrets, 'key.txt');
    writeFileSync(keyFile, `${KEY_4}\nnot the key: a second line\n`);
    const seen = new Map<string, Set<number>>();
    for (const gw of gateways().slice(0, 3)) {
      const home = newHome(gw.url, { apiKeyCmd: `cat '${keyFile}'` });
      for (const args of COMMANDS) {
        if (args[0] === 'cost' && args[2] === 'bench.json' && !existsSync(join(home, 'bench.json')))
          continue;
        if (args[1] === 'merge' && !existsSync(join(home, 'bench2.json'))) continue;
        const r = await run(home, args, { SHEPHERD_API_KEY: KEY_1 });
        const label = `${gw.name}: shepherd ${args.join(' ')} (exit ${r.code})`;
        expectNoSecret(`${label} stdout`, r.stdout);
        expectNoSecret(`${label} stderr`, r.stderr);
        seen.set(gw.name, (seen.get(gw.name) ?? new Set<number>()).add(r.code));
      }
      for (const file of filesUnder(home).filter((f) => !f.endsWith('shepherd.config.json'))) {
        expectNoSecret(`${gw.name}: file ${file}`, readFileSync(file, 'utf8'));
      }
    }
    // The simulator only takes KEY_4 on model c's gateway: success means the command's key was sent.
    expect([...(seen.get('success') ?? [])]).toEqual([0]);
    expect(seen.get('502 echoing the request headers')).toContain(4);
  }, 60_000);

  it('a failing apiKeyCmd is one line, exit 2, and never shows what it printed', async () => {
    const home = newHome(okSim.url, { apiKeyCmd: `echo ${KEY_4}; echo ${KEY_4} >&2; exit 3` });
    const r = await run(home, ['chat', '-m', 'c', 'hello'], { SHEPHERD_API_KEY: KEY_1 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'shepherd: gateways.other.apiKeyCmd exited with status 3; run it yourself to see why\n',
    );
    expectNoSecret('stdout', r.stdout);
    const empty = newHome(okSim.url, { apiKeyCmd: 'true' });
    const none = await run(empty, ['health', 'c'], { SHEPHERD_API_KEY: KEY_1 });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/gateways\.other\.apiKeyCmd printed no key/);
  });

  it('simulate --api-key-env prints no key while it serves', async () => {
    const home = newHome(okSim.url);
    const controller = new AbortController();
    const io = memoryIo({
      env: { HOME: home, SIM_KEYS: `${KEY_1},${KEY_2}` },
      cwd: home,
      signal: controller.signal,
    });
    const done = main(['--api-key-env', 'SIM_KEYS', 'simulate', '--log'], io);
    for (let i = 0; i < 200 && !io.stdout.text.includes('listening'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const url = /http:\/\/127\.0\.0\.1:\d+\/v1/.exec(io.stdout.text)?.[0];
    expect(url).toBeDefined();
    // One request with a wrong key and one with a right one, so the request log has lines.
    for (const key of ['sk-test.FAKE.wrong.key.9999', KEY_2]) {
      await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }),
      }).then((r) => r.text());
    }
    controller.abort();
    await done;
    expectNoSecret('simulate stdout', io.stdout.text);
    expectNoSecret('simulate stderr', io.stderr.text);
    expect(io.stderr.text).not.toContain('wrong.key');
  });
});

/**
 * A gateway that echoes the key inside a long plain-text error body: the key sits past the
 * point where a message is cut short (offset ~288 of a 300-character cut), so redacting after
 * cutting would leave its first part behind. A JWT-length key (567 characters) is cut in its
 * middle by the same limit.
 */
describe('a key echoed deep inside a long error body never shows, not even in part', () => {
  const LONG_KEY = 'sk-LEAKCANARY.FAKE.long-body.0005';
  const JWT_KEY = `eyJhbGciOiJIUzI1NiJ9.${'FAKEjwtPAYLOAD'.repeat(38)}.sig-FAKE-0006`;
  const partsOf = (key: string): string[] => [
    key.slice(0, 8),
    key.slice(0, 12),
    key.slice(8, 20),
    key.slice(-20, -4),
  ];

  function plainEcho(status: number) {
    return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const auth = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(
        `${'upstream said no. '.repeat(16)}${'x'.repeat(288 - 16 * 18)}${auth} trailing text`,
      );
    };
  }

  for (const [name, key] of [
    ['long plain-text body', LONG_KEY],
    ['JWT-length key', JWT_KEY],
  ] as const) {
    it(`${name}: chat, chat --json, health --json, --junit and the webhook`, async () => {
      expect(key.length).toBeGreaterThan(name === 'JWT-length key' ? 560 : 20);
      const server = await scriptedServer({ '*': [plainEcho(502)] });
      const hook = await scriptedServer({ '*': [(_q, s) => void s.writeHead(204).end()] });
      const home = newHome(server.url);
      const outputs: string[] = [];
      try {
        for (const args of [
          ['chat', '-m', 'a', 'hello'],
          ['chat', '--json', '-m', 'a', 'hello'],
          ['health', '--json', 'a'],
          ['health', '--probe', 'models', '--junit', 'junit.xml', 'a'],
          [
            'health',
            '--watch',
            '--count',
            '3',
            '--interval',
            '1ms',
            '--alert-after',
            '1',
            '--webhook',
            hook.url,
            'a',
          ],
        ]) {
          const r = await run(home, args, { SHEPHERD_API_KEY: key });
          outputs.push(r.stdout, r.stderr);
          // The body was really seen: its plain text is in the messages.
          expect(r.stdout + r.stderr, args.join(' ')).toContain('upstream said no.');
        }
        for (const file of filesUnder(home).filter((f) => !f.endsWith('shepherd.config.json'))) {
          outputs.push(readFileSync(file, 'utf8'));
        }
        outputs.push(...hook.seen.map((s) => JSON.stringify(s.body)));
        expect(hook.seen.length).toBeGreaterThan(0);
        const all = outputs.join('\n');
        for (const part of [key, ...partsOf(key)]) {
          if (all.includes(part)) expect.fail(`'${part}' leaked:\n${all.slice(0, 3000)}`);
        }
      } finally {
        await Promise.allSettled([server.close(), hook.close()]);
      }
    }, 30_000);
  }
});
