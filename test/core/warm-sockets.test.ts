import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/core/transport.js';

/** A loopback server that counts connections and tells which connection served each request. */
async function countingServer(): Promise<{
  server: Server;
  origin: string;
  connections: Socket[];
  servedOn: Socket[];
}> {
  const connections: Socket[] = [];
  const servedOn: Socket[] = [];
  const server = createServer((req, res) => {
    servedOn.push(req.socket);
    req.resume();
    req.on('end', () => setTimeout(() => res.end('ok'), 20));
  });
  server.on('connection', (s: Socket) => connections.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, connections, servedOn };
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A countingServer closed (with its connections) when the test ends. */
async function servedServer(): ReturnType<typeof countingServer> {
  const srv = await countingServer();
  closers.push(() => {
    srv.server.closeAllConnections();
    srv.server.close();
  });
  return srv;
}

function plainDispatcher() {
  const made = createDispatcher({}, { connect: { timeout: 2000 }, keepAliveTimeout: 30_000 });
  closers.push(() => made.dispatcher.close());
  closers.push(() => made.warm?.close());
  return { dispatcher: made.dispatcher, warm: made.warm as NonNullable<typeof made.warm> };
}

function get(d: ReturnType<typeof plainDispatcher>['dispatcher'], origin: string): Promise<string> {
  return d.request({ origin, path: '/', method: 'GET' }).then((r) => r.body.text());
}

describe('warm connections (WarmSockets through the Agent’s connector)', () => {
  it('opens N connections before any request, and N overlapping requests use exactly those', async () => {
    const srv = await servedServer();
    const { dispatcher, warm } = plainDispatcher();
    expect(await warm.open(srv.origin, 3)).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(srv.connections).toHaveLength(3);
    expect(srv.servedOn).toHaveLength(0);
    expect(warm.idle(srv.origin)).toBe(3);
    const answers = await Promise.all([1, 2, 3].map(() => get(dispatcher, srv.origin)));
    expect(answers).toEqual(['ok', 'ok', 'ok']);
    // No new connection: each request went out on one opened ahead.
    expect(srv.connections).toHaveLength(3);
    expect(new Set(srv.servedOn).size).toBe(3);
    for (const s of srv.servedOn) expect(srv.connections).toContain(s);
    expect(warm.idle(srv.origin)).toBe(0);
  });

  it('idle warm connections do not keep the process alive', async () => {
    const srv = await servedServer();
    const { warm } = plainDispatcher();
    const sockets = (): number =>
      process.getActiveResourcesInfo().filter((k) => k === 'TCPSocketWrap').length;
    const before = sockets();
    expect(await warm.open(srv.origin, 4)).toBe(4);
    // The server side's 4 sockets are ref'd (they are the server's); ours are not.
    expect(sockets() - before).toBeLessThanOrEqual(4);
  });

  it('a warm connection the server closed meanwhile is skipped: the request opens its own', async () => {
    const srv = await servedServer();
    const { dispatcher, warm } = plainDispatcher();
    expect(await warm.open(srv.origin, 2)).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    for (const s of srv.connections) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(warm.idle(srv.origin)).toBe(0);
    expect(await get(dispatcher, srv.origin)).toBe('ok');
    expect(srv.connections).toHaveLength(3);
  });

  it('a connection that cannot open is not kept, and open() resolves with how many did', async () => {
    const srv = await countingServer();
    const { origin } = srv;
    await new Promise<void>((r) => srv.server.close(() => r()));
    const { warm } = plainDispatcher();
    expect(await warm.open(origin, 2)).toBe(0);
    expect(warm.idle(origin)).toBe(0);
  });
});
