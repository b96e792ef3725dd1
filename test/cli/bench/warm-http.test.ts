import { describe, expect, it } from 'vitest';
import { warmHttpClient } from '../../../src/cli/bench/warm-http.js';

/**
 * The bench's HTTP warm-up: one streamed POST to a server of its own, hosted in a worker
 * thread (so this thread's stream code never sees a server's objects), over real loopback.
 */
describe('warmHttpClient', () => {
  it('finishes its round trip and leaves no worker, server or socket behind', async () => {
    const before = process.getActiveResourcesInfo();
    const t0 = performance.now();
    expect(await warmHttpClient()).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2500);
    // Closing handles settle on the next turns of the loop.
    await new Promise((r) => setTimeout(r, 50));
    const after = process.getActiveResourcesInfo();
    const count = (list: string[], kind: string): number => list.filter((k) => k === kind).length;
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'MessagePort', 'Worker']) {
      expect(count(after, kind), kind).toBeLessThanOrEqual(count(before, kind));
    }
    // Once per process: a second call is the same finished promise.
    const t1 = performance.now();
    expect(await warmHttpClient()).toBe(true);
    expect(performance.now() - t1).toBeLessThan(20);
  });
});
