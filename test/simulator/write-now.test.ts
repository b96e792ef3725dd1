import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNow } from '../../src/simulator/stream-pacer.js';
import { send } from './helpers.js';

/** writeNow frames HTTP chunks itself; the bytes must be what res.write would have sent. */
const PIECES = ['data: {"content":"héllo ✓"}\n\n', 'data: plain\n\n', 'data: 🐑 emoji\n\n'];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    for (const p of PIECES) writeNow(res, p);
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('writeNow', () => {
  it('frames multi-byte text as valid chunks (sizes in bytes, not characters)', async () => {
    const res = await send(url);
    expect(res.complete).toBe(true);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.body).toBe(PIECES.join('') + 'data: [DONE]\n\n');
  });

  it('falls back to res.write for an HTTP/1.0 client (no chunked encoding)', async () => {
    const port = new URL(url).port;
    const raw = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET / HTTP/1.0\r\nHost: x\r\n\r\n'),
      );
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n', 2);
    expect(head).not.toMatch(/transfer-encoding/i);
    expect(raw.slice(head!.length + 4)).toBe(PIECES.join('') + 'data: [DONE]\n\n');
    expect(body).toBeDefined();
  });
});
