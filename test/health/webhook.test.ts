import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listenLoopback } from '../helpers/loopback-server.js';
import { WebhookSender } from '../../src/health/webhook.js';

/** A receiver that reads each request and never answers. */
async function blackHole(): Promise<{ url: URL; seen: () => number }> {
  let seen = 0;
  const held: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen++;
    req.resume();
    held.push(res);
  });
  const port = await listenLoopback(server);
  return { url: new URL(`http://127.0.0.1:${port}/hooks/SECRET-TOKEN`), seen: () => seen };
}

describe('WebhookSender', () => {
  it('close() gives up on a dead receiver after one timeout in all, not one per queued event', async () => {
    const hole = await blackHole();
    const warnings: string[] = [];
    const timeoutMs = 300;
    const sender = new WebhookSender(hole.url, {}, (t) => warnings.push(t), timeoutMs);
    for (let i = 0; i < 5; i++) sender.send({ event: 'alert', i }, `ALERT for m${i}`);
    const t0 = Date.now();
    await sender.close();
    const took = Date.now() - t0;
    // Sequential per-event timeouts would take 5 × 300 ms; the drain is bounded by one.
    expect(took).toBeLessThan(3 * timeoutMs);
    expect(hole.seen()).toBe(1);
    expect(sender.sent).toBe(0);
    expect(sender.dropped).toBe(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warning: webhook http:\/\/127\.0\.0\.1:\d+: gave up on 5 events not delivered within 300 ms/,
    );
    expect(warnings.join('\n')).not.toContain('SECRET-TOKEN');
  });

  it('an event already timed out before close is warned about as such, not as dropped', async () => {
    const hole = await blackHole();
    const warnings: string[] = [];
    const sender = new WebhookSender(hole.url, {}, (t) => warnings.push(t), 100);
    sender.send({ event: 'alert' }, 'ALERT for a');
    const until = Date.now() + 3000;
    while (warnings.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await sender.close();
    expect(warnings).toEqual([
      expect.stringMatching(/failed for the ALERT for a: no answer within 100 ms$/),
    ]);
    expect(sender.dropped).toBe(0);
  });
});
