import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { PREPARE_AHEAD, PrepareAhead } from '../../src/bench/prepare-ahead.js';
import type { Workload } from '../../src/bench/workload/types.js';

/** A clock that only moves when a build costs time; a workload whose every build costs `costMs`. */
function setup(costMs: number, count?: number, conversation = false) {
  let now = 0;
  const clock: Clock = {
    now: () => now,
    wallNow: () => now,
    sleep: async () => undefined,
  };
  const built: number[] = [];
  const workload = {
    info: { source: 'trace', tokenizer: 'o200k_base', exact_output: false },
    item: () => ({ messages: [], promptIndex: 0 }),
    prepare: (seq: number) => {
      built.push(seq);
      now += costMs;
    },
    ...(conversation ? { conversation: () => undefined } : {}),
  } as unknown as Workload;
  const ahead = new PrepareAhead({
    clock,
    workload,
    seqOf: (k) => 2 * k + 1, // shard 2 of 2
    count,
    warmup: false,
  });
  return { ahead, built, at: () => now };
}

describe('PrepareAhead: prompts built ahead of their send times', () => {
  it('builds the first requests before the window opens, as the shard numbers them', async () => {
    const { ahead, built } = setup(1);
    ahead.first();
    expect(built).toHaveLength(PREPARE_AHEAD + 1);
    expect(built.slice(0, 3)).toEqual([1, 3, 5]);
  });

  it('never builds past the phase’s requests', async () => {
    const { ahead, built } = setup(1, 5);
    ahead.first();
    await ahead.during(3, 1000);
    expect(built).toEqual([1, 3, 5, 7, 9]);
  });

  it('while waiting, builds further ahead only while the slowest build still fits before the send', async () => {
    const { ahead, built, at } = setup(3);
    ahead.first(); // 0..16, 3 ms each: the clock is at 51
    expect(at()).toBe(51);
    // Request 1 due in 5 ms: 3 ms of build + 4 spare do not fit: nothing more is built.
    await ahead.during(1, at() + 5);
    expect(built).toHaveLength(PREPARE_AHEAD + 1);
    // Request 2 due in 20 ms: builds up to 2 + PREPARE_AHEAD (17 and 18), with time to spare.
    await ahead.during(2, at() + 20);
    expect(built.slice(PREPARE_AHEAD + 1)).toEqual([35, 37]);
    // Request 5 due in 12 ms: 19 (12 ms left), 20 (9 left), then 6 ms left is too little for 21.
    await ahead.during(5, at() + 12);
    expect(built.slice(PREPARE_AHEAD + 3)).toEqual([39, 41]);
  });

  it('builds the request due next even without time (it is needed then anyway)', async () => {
    const { ahead, built, at } = setup(3);
    await ahead.during(40, at() + 1);
    expect(built).toEqual([81]);
  });

  it('leaves multi-turn conversations alone (their turns are built as they go)', async () => {
    const { ahead, built } = setup(1, undefined, true);
    ahead.first();
    await ahead.during(0, 1000);
    expect(built).toEqual([]);
  });
});
