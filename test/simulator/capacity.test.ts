import { afterEach, describe, expect, it } from 'vitest';
import { ModelLoad } from '../../src/simulator/capacity.js';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import { chatBody, chatUrl, contentDeltas, send } from './helpers.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('simulator capacity: maxConcurrent', () => {
  it('serves N at once; the rest wait in FIFO order and the wait adds to TTFT', async () => {
    sim = await createSimulator({
      profile: {
        name: 'cap',
        models: { m: { ttftMs: 60, itlMs: 0, outputTokens: 2, capacity: { maxConcurrent: 2 } } },
      },
    });
    const body = chatBody('m', { stream: true });
    const url = chatUrl(sim.url);
    const replies = await Promise.all([0, 1, 2, 3, 4, 5].map(() => send(url, { body })));
    for (const r of replies) expect(contentDeltas(r.body)).toHaveLength(2);
    // Two at a time, 60 ms each: the 3rd and 4th wait one round, the 5th and 6th two (lower
    // bounds only: a busy machine makes every timer late, never early).
    const firstBytes = replies.map((r) => r.pieces[0]!.t).sort((a, b) => a - b);
    expect(firstBytes[2]! - firstBytes[0]!).toBeGreaterThanOrEqual(45);
    expect(firstBytes[4]! - firstBytes[0]!).toBeGreaterThanOrEqual(100);
    const queued = sim.log.map((e) => e.queuedMs ?? 0).sort((a, b) => a - b);
    expect(queued.slice(0, 2)).toEqual([0, 0]);
    expect(queued[2]).toBeGreaterThanOrEqual(45); // one 60 ms round, give or take a timer
    expect(queued[5]).toBeGreaterThanOrEqual(100);
  });

  it('a client that leaves while queued gives up its place', async () => {
    const load = new ModelLoad();
    const first = await load.admit(1, new AbortController().signal);
    const gone = new AbortController();
    const leaving = load.admit(1, gone.signal);
    const waiting = load.admit(1, new AbortController().signal);
    expect(load.queued).toBe(2);
    gone.abort();
    expect(await leaving).toBeUndefined();
    first!.release();
    const next = await waiting;
    expect(next).toBeDefined();
    expect(load.serving).toBe(1);
    expect(load.queued).toBe(0);
  });
});

describe('simulator capacity: decodeTokensPerSecond', () => {
  it('shares the decode budget among active requests: each gap is at least active/T', () => {
    const load = new ModelLoad();
    const signal = new AbortController().signal;
    return Promise.all([load.admit(undefined, signal), load.admit(undefined, signal)]).then(
      ([a, b]) => {
        expect(a!.gap(1, 1000)).toBe(2); // two active: 2/1000 s = 2 ms, more than the 1 ms draw
        expect(b!.gap(0, 1000)).toBe(2);
        expect(a!.gap(5, 1000)).toBe(5); // a slower draw stays
        a!.release();
        expect(b!.gap(0, 1000)).toBe(1);
        expect(b!.gap(0, undefined)).toBe(0);
      },
    );
  });

  it('streams together never go faster than T tokens per second', async () => {
    sim = await createSimulator({
      profile: {
        name: 'decode',
        models: { m: { ttftMs: 0, itlMs: 0, outputTokens: 40, decodeTokensPerSecond: 1000 } },
      },
    });
    const body = chatBody('m', { stream: true });
    const url = chatUrl(sim.url);
    const started = performance.now();
    const replies = await Promise.all([0, 1, 2, 3].map(() => send(url, { body })));
    const took = performance.now() - started;
    for (const r of replies) expect(contentDeltas(r.body)).toHaveLength(40);
    // 4 streams × 39 gaps, shared 1000 tokens/s: at least ~156 ms (4 ms a gap each).
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(1500);
  });
});
