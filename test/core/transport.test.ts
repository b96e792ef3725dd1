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
