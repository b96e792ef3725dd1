import type { Dispatcher } from 'undici';
import { loadTransport } from '../../core/transport.js';

/** The warm-up gives up after this long (it only saves time; a run never waits on it for long). */
const WARM_MS = 2000;

let warmed: Promise<boolean> | undefined;

/**
 * One streamed POST to a throwaway server of our own on 127.0.0.1 (never a gateway), through
 * the client's undici without a proxy: undici compiles its HTTP parser (WebAssembly, 10–25 ms
 * on the event loop) at its first connection and its request path on first use. A bench does
 * that here, before its window opens, instead of right after its first timed send (where it
 * held up the next sends and the first answers' timestamps). Once per process; never throws.
 *
 * The server runs in a worker thread (its own V8 isolate), and the request is a bare dispatch:
 * a server in this thread sends its own sockets and request streams through Node's stream
 * code, and those extra object shapes left that code megamorphic for the whole run (about
 * 0.3 µs a request at 50k req/s, measured with `perf`). Resolves true when the round trip
 * was made.
 */
export function warmHttpClient(): Promise<boolean> {
  warmed ??= warmOnce().then(
    () => true,
    () => false,
  );
  return warmed;
}

/** The worker's server: answers every request on a connection with one short SSE stream. */
const SERVER_SOURCE = `
const net = require('node:net');
const { parentPort } = require('node:worker_threads');
const body = 'data: {"choices":[]}\\n\\ndata: [DONE]\\n\\n';
const answer = 'HTTP/1.1 200 OK\\r\\ncontent-type: text/event-stream\\r\\ncontent-length: ' +
  Buffer.byteLength(body) + '\\r\\nconnection: close\\r\\n\\r\\n' + body;
const server = net.createServer((c) => {
  c.on('error', () => {});
  c.once('data', () => c.end(answer));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

async function warmOnce(): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(SERVER_SOURCE, { eval: true });
  worker.unref();
  const { Agent } = loadTransport();
  const agent = new Agent({ connect: { timeout: WARM_MS } });
  const timer = setTimeout(() => void worker.terminate(), WARM_MS);
  timer.unref();
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', (p: number) => resolve(p));
      worker.once('error', reject);
      worker.once('exit', () => reject(new Error('warm-up server exited')));
    });
    await post(agent, `http://127.0.0.1:${port}`);
  } finally {
    clearTimeout(timer);
    await agent.destroy().catch(() => undefined);
    await worker.terminate().catch(() => undefined);
  }
}

/** A streamed chat POST through `dispatch` with a handler that keeps nothing. */
function post(agent: Dispatcher, origin: string): Promise<void> {
  const body = Buffer.from('{"model":"warm-up","messages":[],"stream":true}');
  return new Promise<void>((resolve, reject) => {
    agent.dispatch(
      {
        origin,
        path: '/v1/chat/completions',
        method: 'POST',
        headers: ['content-type', 'application/json', 'accept', 'text/event-stream'],
        body,
      },
      {
        onConnect: () => undefined,
        onHeaders: () => true,
        onData: () => true,
        onComplete: () => resolve(),
        onError: reject,
      },
    );
  });
}
