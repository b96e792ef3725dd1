import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiKey, KeyPool, redact } from '../../src/core/keys.js';

const SECRET = 'sk-test.FAKEFAKEFAKEFAKE0123abcd';

describe('ApiKey', () => {
  it('never turns into its value as text', () => {
    const key = new ApiKey(SECRET, 'env SHEPHERD_API_KEY');
    const texts = [String(key), `${key}`, JSON.stringify({ key }), inspect(key), inspect({ key })];
    for (const t of texts) expect(t).not.toContain(SECRET);
    expect(key.fingerprint).toBe('sk-…abcd');
    expect(key.reveal()).toBe(SECRET);
  });

  it('redacts a key inside other text', () => {
    const key = new ApiKey(SECRET, 'env X');
    expect(redact(`bad key ${SECRET}!`, [key])).toBe('bad key sk-…abcd!');
  });
});

describe('KeyPool', () => {
  it('spreads requests over keys in turn and sets a 401 key aside', () => {
    const pool = new KeyPool([
      new ApiKey('k1-aaaaaaaaaaaa', 'a'),
      new ApiKey('k2-bbbbbbbbbbbb', 'b'),
    ]);
    expect([pool.next()?.index, pool.next()?.index, pool.next()?.index]).toEqual([0, 1, 0]);
    pool.disable(1);
    expect([pool.next()?.index, pool.next()?.index]).toEqual([0, 0]);
    pool.disable(0);
    // Every key set aside: never no key, but the one set aside longest ago.
    expect(pool.available).toBe(0);
    expect(pool.next()?.index).toBe(1);
  });

  it('a key set aside comes back after the cooldown (injected clock)', () => {
    let now = 1000;
    const pool = new KeyPool(
      [new ApiKey('k1-aaaaaaaaaaaa', 'a'), new ApiKey('k2-bbbbbbbbbbbb', 'b')],
      { now: () => now, cooldownMs: 30_000 },
    );
    pool.disable(0);
    now += 29_999;
    expect([pool.next()?.index, pool.next()?.index]).toEqual([1, 1]);
    now += 1;
    expect(pool.available).toBe(2);
    expect([pool.next()?.index, pool.next()?.index]).toEqual([0, 1]);
  });

  it('is keyless when empty', () => {
    expect(new KeyPool([]).keyless).toBe(true);
    expect(new KeyPool([]).next()).toBeUndefined();
  });
});
