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
    expect(pool.next()).toBeUndefined();
  });

  it('is keyless when empty', () => {
    expect(new KeyPool([]).keyless).toBe(true);
    expect(new KeyPool([]).next()).toBeUndefined();
  });
});
