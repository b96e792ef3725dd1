import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as undici from 'undici';
import { loadSettings } from '../../src/config/load.js';
import { LEAN_BUNDLE, LEAN_MODULES, loadTransport } from '../../src/core/transport.js';

const requireCjs = createRequire(import.meta.url);
const undiciVersion = (): string =>
  (requireCjs('undici/package.json') as { version: string }).version;

describe('loadTransport', () => {
  it('loads the agents module by module (the fast path), with the request API on them', () => {
    const t = loadTransport();
    expect(
      t.loadedFrom,
      "the fast path failed and fell back to undici's index (slower start): see LEAN_MODULES",
    ).toBe('lean');
    const agent = new t.Agent();
    expect(typeof agent.request).toBe('function');
    void agent.close();
  });

  it('gives the same classes as the package index', () => {
    const t = loadTransport();
    expect(t.Agent).toBe(undici.Agent);
    expect(t.EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent);
    expect(t.buildConnector).toBe(undici.buildConnector);
  });

  // The fast path loads undici's own files, not its public API. An undici upgrade that moves
  // or changes one of them fails here, by name, instead of silently costing start-up time.
  it.each(Object.entries(LEAN_MODULES))(
    "finds undici's internal %s module where the fast path loads it",
    (name, path) => {
      let resolved: string | undefined;
      try {
        resolved = requireCjs.resolve(path);
      } catch {
        resolved = undefined;
      }
      expect(
        resolved,
        `undici ${undiciVersion()} has no ${path}: update LEAN_MODULES.${name} in src/core/transport.ts to where undici's index.js now loads it from`,
      ).toBeDefined();
    },
  );

  it('puts the same request API on dispatchers as the package index does', () => {
    const api = requireCjs(LEAN_MODULES.api) as Record<string, unknown>;
    const methods = ['request', 'stream', 'pipeline', 'connect', 'upgrade'];
    expect(Object.keys(api)).toEqual(expect.arrayContaining(methods));
    const proto = undici.Dispatcher.prototype as unknown as Record<string, unknown>;
    for (const [key, fn] of Object.entries(api)) expect(proto[key], key).toBe(fn);
    expect(requireCjs(LEAN_MODULES.dispatcher)).toBe(undici.Dispatcher);
  });
});

describe('the prebuilt undici file beside the CLI bundle', () => {
  // `npm test` builds first, so dist/bundle/ exists; bin/shepherd loads the client from there.
  const bundled = new URL('../../dist/bundle/undici-lean.cjs', import.meta.url);

  it('is what the bundled transport loads, and its Agent answers a request over loopback', async () => {
    const dir = new URL('../../dist/bundle/', import.meta.url);
    const chunkOf = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .some((f) => readFileSync(new URL(f, dir), 'utf8').includes(`"${LEAN_BUNDLE}"`));
    expect(chunkOf, 'no chunk of dist/bundle/ requires the prebuilt undici file').toBe(true);
    const lean = requireCjs(fileURLToPath(bundled)) as {
      Agent: typeof undici.Agent;
      buildConnector: unknown;
    };
    expect(typeof lean.buildConnector).toBe('function');
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const agent = new lean.Agent();
    try {
      const { port } = server.address() as AddressInfo;
      const res = await agent.request({
        origin: `http://127.0.0.1:${port}`,
        path: '/',
        method: 'GET',
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe('ok');
    } finally {
      await agent.close();
      server.close();
    }
  });
});

describe('createDispatcher', () => {
  it('uses the env proxy agent only when a proxy is set (upper or lower case)', async () => {
    const { createDispatcher } = await import('../../src/core/transport.js');
    const plain = createDispatcher({}, {});
    const proxied = createDispatcher(
      { https_proxy: 'http://127.0.0.1:3128', NO_PROXY: 'localhost' },
      {},
    );
    expect(plain.dispatcher).toBeInstanceOf(undici.Agent);
    expect(proxied.dispatcher).toBeInstanceOf(undici.EnvHttpProxyAgent);
    // Connections are opened ahead only without a proxy (through one, each is a tunnel).
    expect(plain.warm).toBeDefined();
    expect(proxied.warm).toBeUndefined();
    await Promise.all([plain.dispatcher.close(), proxied.dispatcher.close()]);
  });

  it('with both cases set, uses the proxy `shepherd config` names (lower case first)', async () => {
    const { createDispatcher } = await import('../../src/core/transport.js');
    // Two proxies that answer with their own name, through a CONNECT tunnel (undici's
    // proxy agent tunnels) or a plain forward request.
    const proxy = async (name: string): Promise<{ server: Server; url: string }> => {
      const server = createServer((_req, res) => res.end(name));
      server.on('connect', (_req, socket: import('node:net').Socket) => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        socket.once('data', () =>
          socket.end(
            `HTTP/1.1 200 OK\r\nContent-Length: ${name.length}\r\nConnection: close\r\n\r\n${name}`,
          ),
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    };
    const upper = await proxy('upper');
    const lower = await proxy('lower');
    const env = { HTTP_PROXY: upper.url, http_proxy: lower.url };
    const d = createDispatcher(env, {}).dispatcher;
    try {
      const res = await d.request({ origin: 'http://127.0.0.1:9', path: '/x', method: 'GET' });
      expect(await res.body.text()).toBe('lower');
      const settings = loadSettings({ flags: {}, env, cwd: '/' });
      expect(settings.proxy).toBe(lower.url);
    } finally {
      await d.close();
      for (const p of [upper, lower]) {
        p.server.closeAllConnections();
        p.server.close();
      }
    }
  });
});
