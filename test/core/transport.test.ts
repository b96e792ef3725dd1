import { describe, expect, it } from 'vitest';
import * as undici from 'undici';
import { loadTransport } from '../../src/core/transport.js';

describe('loadTransport', () => {
  it('loads the agents module by module (the fast path), with the request API on them', () => {
    const t = loadTransport();
    expect(t.loadedFrom).toBe('lean');
    const agent = new t.Agent();
    expect(typeof agent.request).toBe('function');
    void agent.close();
  });

  it('gives the same classes as the package index', () => {
    const t = loadTransport();
    expect(t.Agent).toBe(undici.Agent);
    expect(t.EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent);
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
    expect(plain).toBeInstanceOf(undici.Agent);
    expect(proxied).toBeInstanceOf(undici.EnvHttpProxyAgent);
    await Promise.all([plain.close(), proxied.close()]);
  });
});
