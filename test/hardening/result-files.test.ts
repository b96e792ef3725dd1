import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chatEnv, type ChatEnv } from '../helpers/chat-env.js';

// Issue 17 item 13: one validator for bench result files. `bench merge` and `cost --from`
// accept and refuse the same files; shard index and count must agree within a file and
// across the files merged.

let e: ChatEnv;
let s1: string;
let s2: string;
let whole: string;

beforeAll(async () => {
  e = await chatEnv();
  s1 = join(e.home, 's1.json');
  s2 = join(e.home, 's2.json');
  whole = join(e.home, 'whole.json');
  for (const [shard, out] of [
    ['1/3', s1],
    ['2/3', s2],
  ] as const) {
    expect(
      (await e.run(['bench', '-m', 'a', '-n', '6', '--shard', shard, '--out', out])).code,
    ).toBe(0);
  }
  expect((await e.run(['bench', '-m', 'a', '-n', '2', '--out', whole])).code).toBe(0);
  return () => e.sim.close();
});

function tampered(from: string, name: string, edit: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync(from, 'utf8'));
  edit(doc);
  const path = join(e.home, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('bench result files (item 13)', () => {
  it('shards of one run merge; cost --from reads each of them', async () => {
    expect((await e.run(['bench', 'merge', s1, s2, '--json'])).code).toBe(0);
    expect((await e.run(['cost', '--from', s1, '--json'])).code).toBe(0);
  });

  it('shard 1/3 with shard 2/2 is refused: shards of one run share their count', async () => {
    const other = tampered(s2, 'two-of-two.json', (d) => (d.load.shard = { index: 2, count: 2 }));
    const r = await e.run(['bench', 'merge', s1, other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /shard 2\/2 but .*s1\.json is shard 1\/3; shards of one run share their count/,
    );
  });

  it('a shard and a run without --shard are not merged together', async () => {
    const r = await e.run(['bench', 'merge', s1, whole]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a shard but');
  });

  it('shard {index:7,count:2} is refused the same way by merge, cost --from and --baseline', async () => {
    const bad = tampered(s2, 'seven-of-two.json', (d) => (d.load.shard = { index: 7, count: 2 }));
    const merge = await e.run(['bench', 'merge', s1, bad]);
    const cost = await e.run(['cost', '--from', bad]);
    const baseline = await e.run(['bench', '-m', 'a', '-n', '1', '--baseline', bad]);
    for (const r of [merge, cost, baseline]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('invalid bench result at load.shard: shard 7/2');
    }
  });

  it('requests that are not ok + errors + cancelled are refused by merge and cost --from', async () => {
    const bad = tampered(s2, 'miscounted.json', (d) => (d.targets[0].requests += 5));
    for (const args of [
      ['bench', 'merge', s1, bad],
      ['cost', '--from', bad],
    ]) {
      const r = await e.run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /invalid bench result at targets\[0\]: requests \(\d+\) is not ok \+ errors \+ cancelled/,
      );
    }
  });

  it('a file that breaks the schema is refused by cost --from as merge refuses it', async () => {
    const bad = tampered(s2, 'negative.json', (d) => (d.targets[0].ok = -1));
    for (const args of [
      ['bench', 'merge', s1, bad],
      ['cost', '--from', bad],
    ]) {
      const r = await e.run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('invalid bench result at targets[0].ok');
    }
  });
});
