import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AHEAD_MAX, connectionsAhead } from '../../../src/bench/workload/trace-workload.js';
import { listenLoopback } from '../../helpers/loopback-server.js';
import { benchAt } from './run-cli.js';

const schedule = (offsets: number[]) => ({
  length: offsets.length,
  offsetMs: (seq: number) => offsets[seq] as number,
});

describe('connectionsAhead: how many connections a replay opens before its window', () => {
  it('is the most sends within any second of the trace, at most AHEAD_MAX', () => {
    expect(connectionsAhead(schedule([0]))).toBe(1);
    expect(connectionsAhead(schedule([0, 1, 4, 11, 31]))).toBe(5);
    // 0..999 is one second; 1000 starts the next.
    expect(connectionsAhead(schedule([0, 500, 999, 1000, 1001, 5000]))).toBe(4);
    expect(connectionsAhead(schedule([0, 2000, 4000]))).toBe(1);
    const dense = Array.from({ length: 500 }, (_, i) => i);
    expect(connectionsAhead(schedule(dense))).toBe(AHEAD_MAX);
  });
});

describe('bench --trace opens its connections before the first send', () => {
  it('every request of a 5-request trace goes out on a connection opened before the window', async () => {
    const connectedAt: number[] = [];
    const sockets: Socket[] = [];
    const served: { at: number; socket: Socket }[] = [];
    const server = createServer((req, res) => {
      if (req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      served.push({ at: performance.now(), socket: req.socket });
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // Answers overlap the next sends (gaps of 1 to 20 ms), so each needs a connection.
        setTimeout(
          () =>
            res.end(
              'data: {"id":"x","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}\n\ndata: [DONE]\n\n',
            ),
          60,
        );
      });
    });
    server.on('connection', (s: Socket) => {
      connectedAt.push(performance.now());
      sockets.push(s);
    });
    const port = await listenLoopback(server);
    const file = join(mkdtempSync(join(tmpdir(), 'shepherd-ahead-')), 't.jsonl');
    const times = [0, 1, 4, 11, 31];
    writeFileSync(
      file,
      `${times.map((t) => JSON.stringify({ timestamp: t, input_length: 8, output_length: 4 })).join('\n')}\n`,
    );
    const r = await benchAt({ url: `http://127.0.0.1:${port}/v1` }, '--trace', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.doc.targets[0].ok).toBe(5);
    expect(served).toHaveLength(5);
    // Five opened ahead (five sends within a second), all before the first request arrived,
    // and every request was served on one of them: none opened a connection of its own.
    expect(sockets).toHaveLength(5);
    const first = Math.min(...served.map((s) => s.at));
    for (const at of connectedAt) expect(at).toBeLessThan(first);
    expect(new Set(served.map((s) => s.socket)).size).toBe(5);
  });
});
