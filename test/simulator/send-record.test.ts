import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import type { SendStatsJson } from '../../src/simulator/send-stats.js';
import { chatBody, chatUrl, contentDeltas, send } from './helpers.js';

/**
 * The simulator records what it actually sent and when: per answer in its log, and as
 * histograms at GET /_sim/stats (the ground truth a bench run is checked against).
 */
const TTFT = 30;
const ITL = 10;
const TOKENS = 5;
let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({
    profile: {
      name: 'paced',
      models: {
        paced: { ttftMs: TTFT, itlMs: ITL, outputTokens: TOKENS },
        burst: { ttftMs: 0, itlMs: 0, outputTokens: 4 },
        behind: { ttftMs: 30, itlMs: 20, outputTokens: 5 },
        slow: { ttftMs: 10_000, itlMs: 0, outputTokens: 1, capacity: { maxConcurrent: 1 } },
      },
    },
  });
});
afterAll(() => sim.close());

const statsUrl = (): string => sim.url.replace(/\/v1$/, '/_sim/stats');

async function stats(): Promise<SendStatsJson> {
  return JSON.parse((await send(statsUrl())).body) as SendStatsJson;
}

describe('send record', () => {
  it('logs TTFT and latency as sent and keeps every content gap, never more than 0.5 ms early', async () => {
    sim.resetLog();
    const res = await send(chatUrl(sim.url), { body: chatBody('paced', { stream: true }) });
    expect(contentDeltas(res.body)).toHaveLength(TOKENS);
    const entry = sim.log.find((e) => e.path === '/v1/chat/completions')!;
    expect(entry.ttftMs).toBe(TTFT);
    expect(entry.sentTtftMs).toBeGreaterThanOrEqual(TTFT - 0.5);
    expect(entry.sentTtftMs).toBeLessThan(TTFT + 50);
    expect(entry.sentMs).toBeGreaterThanOrEqual(TTFT + (TOKENS - 1) * ITL - 0.5);
    expect(entry.sentMs).toBeGreaterThan(entry.sentTtftMs!);

    const s = await stats();
    expect(s.ttft_ms.count).toBe(1);
    expect(s.ttft_ms.p50).toBeCloseTo(entry.sentTtftMs!, 0);
    expect(s.latency_ms.count).toBe(1);
    expect(s.itl_ms.count).toBe(TOKENS - 1);
    // The gaps add up to the time from the first content chunk to the last byte (sent with it).
    const gaps = s.itl_ms.mean! * (TOKENS - 1);
    expect(Math.abs(gaps - (entry.sentMs! - entry.sentTtftMs!))).toBeLessThan(0.1);
    // Every write here follows a timed wait (one per token, fewer if a busy machine made it
    // fall behind); a send up to 0.5 ms early counts as 0 late.
    expect(s.late_ms.count).toBe(s.writes);
    expect(s.writes).toBeGreaterThan(0);
    expect(s.writes).toBeLessThanOrEqual(TOKENS);
    expect(s.cpu_ms.user).toBeGreaterThan(0);
  });

  it('records chunks written together as gaps of 0, and a non-streaming answer’s latency', async () => {
    sim.resetLog();
    await send(chatUrl(sim.url), { body: chatBody('burst', { stream: true }) });
    let s = await stats();
    expect(s.itl_ms.count).toBe(3);
    expect(s.itl_ms.max).toBe(0);
    expect(s.late_ms.count).toBe(0);
    expect(s.writes).toBe(1);

    sim.resetLog();
    const res = await send(chatUrl(sim.url), { body: chatBody('paced') });
    expect(res.status).toBe(200);
    const entry = sim.log.find((e) => e.path === '/v1/chat/completions')!;
    expect(entry.sentMs).toBeGreaterThanOrEqual(TTFT + (TOKENS - 1) * ITL - 0.5);
    expect(entry.sentTtftMs).toBeUndefined();
    s = await stats();
    expect(s.latency_ms.count).toBe(1);
    expect(s.ttft_ms.count).toBe(0);
    expect(s.late_ms.count).toBe(1);
  });

  it('sends overdue tokens in one write when it fell behind, and counts how late', async () => {
    sim.resetLog();
    const answer = send(chatUrl(sim.url), { body: chatBody('behind', { stream: true }) });
    // The simulator shares this event loop: hold it from ~55 ms to ~135 ms after the request,
    // past the due times of tokens 2–5 (~50, 70, 90, 110 ms after arrival).
    setTimeout(() => {
      const until = performance.now() + 80;
      while (performance.now() < until) {
        // busy: the simulator cannot send meanwhile
      }
    }, 55);
    const res = await answer;
    expect(contentDeltas(res.body)).toHaveLength(5);
    const s = await stats();
    // Token 1, maybe token 2, then everything overdue in one write (with finish, usage, [DONE]).
    expect(s.writes).toBeLessThanOrEqual(3);
    expect(s.itl_ms.count).toBe(4);
    expect(s.itl_ms.p50).toBe(0);
    expect(s.late_ms.max).toBeGreaterThan(20);
  });

  it('resetLog empties the record', async () => {
    await send(chatUrl(sim.url), { body: chatBody('burst', { stream: true }) });
    sim.resetLog();
    const s = await stats();
    expect(s.itl_ms.count + s.ttft_ms.count + s.latency_ms.count + s.writes).toBe(0);
  });

  it('a client that leaves mid-wait frees its capacity slot at once (its wait leaves the wheel)', async () => {
    const started = performance.now();
    // Holds the only slot for 10 s unless its wait is cancelled when the client goes.
    const first = send(chatUrl(sim.url), {
      body: chatBody('slow', { stream: true }),
      timeoutMs: 100,
    });
    expect((await first).error).toBe('timeout');
    sim.setModel('slow', { ttftMs: 0 });
    const second = await send(chatUrl(sim.url), {
      body: chatBody('slow', { stream: true }),
      timeoutMs: 3000,
    });
    expect(second.complete).toBe(true);
    expect(contentDeltas(second.body)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
