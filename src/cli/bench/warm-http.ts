import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadTransport } from '../../core/transport.js';

/** The warm-up gives up after this long (it only saves time; a run never waits on it for long). */
const WARM_MS = 2000;

let warmed: Promise<void> | undefined;

/**
 * One streamed POST to a throwaway server of our own on 127.0.0.1 (never a gateway), through
 * the client's undici without a proxy: undici compiles its HTTP parser (WebAssembly, 10–25 ms
 * on the event loop) at its first connection and its request path on first use. A bench does
 * that here, before its window opens, instead of right after its first timed send (where it
 * held up the next sends and the first answers' timestamps). Once per process; never throws.
 */
export function warmHttpClient(): Promise<void> {
  warmed ??= warmOnce().catch(() => undefined);
  return warmed;
}

async function warmOnce(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[]}\n\ndata: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { Agent } = loadTransport();
  const agent = new Agent({ connect: { timeout: WARM_MS } });
  try {
    const { port } = server.address() as AddressInfo;
    const res = await agent.request({
      origin: `http://127.0.0.1:${port}`,
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ model: 'warm-up', messages: [], stream: true }),
      signal: AbortSignal.timeout(WARM_MS),
    });
    await res.body.text();
  } finally {
    await agent.destroy().catch(() => undefined);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
