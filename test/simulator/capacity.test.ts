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
  it('serves N at once; the rest wait (in FIFO order: next test) and the wait adds to TTFT', async () => {
    sim = await createSimulator({
      profile: {
        name: 'cap',
        models: { m: { ttftMs: 300, itlMs: 0, outputTokens: 2, capacity: { maxConcurrent: 2 } } },
      },
    });
    const body = chatBody('m', { stream: true });
    const url = chatUrl(sim.url);
    // The queue must form however late a busy machine sends: the first two hold both slots
    // for 300 ms, and the other four are sent only once the simulator has admitted both (the
    // plan, ttftMs included, is drawn on admission, so they get 60 ms).
    const holders = [0, 1].map(() => send(url, { body }));
    const bound = performance.now() + 5000;
    while (sim.log.filter((e) => e.ttftMs !== undefined).length < 2) {
      if (performance.now() > bound) throw new Error('the first two were never admitted');
      await new Promise((r) => setTimeout(r, 2));
    }
    sim.setModel('m', { ttftMs: 60 });
    const rest = [2, 3, 4, 5].map(() => send(url, { body }));
    const replies = await Promise.all([...holders, ...rest]);
    for (const r of replies) expect(contentDeltas(r.body)).toHaveLength(2);
    // All from the simulator's own clock: got a slot at arrival + queuedMs (each rounded to 1 ms).
    const log = sim.log;
    expect(log).toHaveLength(6);
    expect(log.slice(0, 2).map((e) => e.queuedMs)).toEqual([undefined, undefined]);
    expect(log.slice(2).every((e) => (e.queuedMs ?? 0) > 0)).toBe(true); // all four queued
    // N at once: by the time the (k+2)-th got a slot, one of the k-th and (k+1)-th had been
    // served, which takes its TTFT at least (lower bounds only: late timers, never early ones).
    const admitted = log
      .map((e) => ({ at: e.time + (e.queuedMs ?? 0), ttft: e.ttftMs! }))
      .sort((x, y) => x.at - y.at);
    for (let k = 0; k + 2 < 6; k++) {
      const served = Math.min(admitted[k]!.ttft, admitted[k + 1]!.ttft);
      expect(admitted[k + 2]!.at - admitted[k]!.at).toBeGreaterThanOrEqual(served - 3);
    }
    // The wait adds to the TTFT the client sees: each queued reply's first byte comes at least
    // queuedMs + 60 ms after it was sent (matched by order: x ≥ y pairwise ⇒ sorted x ≥ sorted y).
    const seen = replies
      .slice(2)
      .map((r) => r.pieces[0]!.t)
      .sort((a, b) => a - b);
    const least = log
      .slice(2)
      .map((e) => e.queuedMs! + e.ttftMs!)
      .sort((a, b) => a - b);
    for (let i = 0; i < 4; i++) expect(seen[i]!).toBeGreaterThanOrEqual(least[i]! - 3);
  });

  it('admits waiters in the order they queued', async () => {
    const load = new ModelLoad();
    const signal = new AbortController().signal;
    const first = await load.admit(1, signal);
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) =>
      load.admit(1, signal).then((slot) => {
        order.push(n);
        return slot!;
      }),
    );
    first!.release();
    (await waiters[0]!).release();
    (await waiters[1]!).release();
    await waiters[2];
    expect(order).toEqual([1, 2, 3]);
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
