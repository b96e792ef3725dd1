import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelIdBook, type ListAnswer } from '../../src/core/model-id-book.js';
import { idForms, pickListedId, unlistedOrder } from '../../src/core/model-ids.js';
import { MODEL_LIST_TTL_MS, ModelListCache } from '../../src/core/model-list-cache.js';

const gpt = { name: 'gpt-4.1', id: 'openai/gpt-4.1', ids: [] };
const sonnet = {
  name: 'claude-sonnet-4.5',
  id: 'anthropic/claude-sonnet-4.5',
  ids: ['claude-sonnet-4-5'],
};
const exact = { name: 'mine', id: 'openai/gpt-4.1' };

describe('id forms', () => {
  it('lists the configured id, the other prefix form and each declared variant with and without the prefix', () => {
    expect(idForms(gpt)).toEqual(['openai/gpt-4.1', 'gpt-4.1']);
    expect(idForms(sonnet)).toEqual([
      'anthropic/claude-sonnet-4.5',
      'claude-sonnet-4.5',
      'claude-sonnet-4-5',
      'anthropic/claude-sonnet-4-5',
    ]);
    expect(idForms(exact)).toEqual(['openai/gpt-4.1']);
  });

  it('picks the form the gateway lists, the configured id first, then case-insensitively', () => {
    expect(pickListedId(gpt, ['gpt-4.1', 'gpt-4o'])).toBe('gpt-4.1');
    expect(pickListedId(gpt, ['openai/gpt-4.1', 'gpt-4.1'])).toBe('openai/gpt-4.1');
    expect(pickListedId(sonnet, ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'])).toBe(
      'claude-sonnet-4-5',
    );
    expect(pickListedId(gpt, ['GPT-4.1'])).toBe('GPT-4.1');
    expect(pickListedId(gpt, ['gpt-4.1-mini'])).toBeUndefined();
    // An id written in a config file is sent exactly as written: never swapped for a listed form.
    expect(pickListedId(exact, ['gpt-4.1'])).toBeUndefined();
  });

  it('tries the plain name first where the gateway cannot list, then the prefixed form', () => {
    expect(unlistedOrder(gpt)).toEqual(['gpt-4.1', 'openai/gpt-4.1']);
    expect(unlistedOrder(exact)).toEqual(['openai/gpt-4.1']);
  });
});

function book(answers: ListAnswer[], path?: string, now = () => 1_000_000) {
  const cache = new ModelListCache(path, now);
  let calls = 0;
  const b = new ModelIdBook({
    cache,
    list: async () => answers[Math.min(calls++, answers.length - 1)] ?? { kind: 'unknown' },
  });
  return { book: b, cache, calls: () => calls };
}
const gw = { name: 'default', baseUrl: 'http://127.0.0.1:1/v1' };

describe('ModelIdBook', () => {
  it('sends the listed form and asks the gateway once for concurrent requests', async () => {
    const { book: b, calls } = book([{ kind: 'listed', ids: ['gpt-4.1', 'claude-sonnet-4-5'] }]);
    const ids = await Promise.all([b.sendId(gpt, gw), b.sendId(sonnet, gw), b.sendId(gpt, gw)]);
    expect(ids).toEqual(['gpt-4.1', 'claude-sonnet-4-5', 'gpt-4.1']);
    expect(calls()).toBe(1);
  });

  it('never lists for an exact id', async () => {
    const { book: b, calls } = book([{ kind: 'listed', ids: ['gpt-4.1'] }]);
    expect(await b.sendId(exact, gw)).toBe('openai/gpt-4.1');
    expect(calls()).toBe(0);
  });

  it('on a gateway that cannot list: plain first, the other form once after not_found, remembered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shepherd-ids-'));
    const path = join(dir, 'models.json');
    const first = book([{ kind: 'cannot_list' }], path);
    expect(await first.book.sendId(gpt, gw)).toBe('gpt-4.1');
    expect(await first.book.afterNotFound(gpt, gw, 'gpt-4.1')).toBe('openai/gpt-4.1');
    first.book.worked(gpt, gw, 'openai/gpt-4.1');
    expect(await first.book.sendId(gpt, gw)).toBe('openai/gpt-4.1');
    first.book.save();
    // The next run starts from the file: no GET /models, the form that worked.
    const next = book([{ kind: 'listed', ids: [] }], path);
    expect(await next.book.sendId(gpt, gw)).toBe('openai/gpt-4.1');
    expect(next.calls()).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8')).gateways[gw.baseUrl].listed).toBeNull();
  });

  it('lists again once after a not_found for a listed id, and picks the new form', async () => {
    const { book: b, calls } = book([
      { kind: 'listed', ids: ['openai/gpt-4.1'] },
      { kind: 'listed', ids: ['gpt-4.1'] },
    ]);
    expect(await b.sendId(gpt, gw)).toBe('openai/gpt-4.1');
    expect(await b.afterNotFound(gpt, gw, 'openai/gpt-4.1')).toBe('gpt-4.1');
    expect(calls()).toBe(2);
    // A second not_found in the same run does not list again, and offers nothing new.
    expect(await b.afterNotFound(gpt, gw, 'gpt-4.1')).toBeUndefined();
    expect(calls()).toBe(2);
  });

  it('does not cache a listing it could not get, and asks once per run', async () => {
    const { book: b, cache, calls } = book([{ kind: 'unknown' }]);
    expect(await b.sendId(gpt, gw)).toBe('gpt-4.1');
    expect(await b.sendId(gpt, gw)).toBe('gpt-4.1');
    expect(calls()).toBe(1);
    expect(cache.get(gw.baseUrl)).toBeUndefined();
  });
});

describe('ModelListCache', () => {
  it('forgets a listing after its TTL and ignores a foreign file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shepherd-ids-'));
    const path = join(dir, 'models.json');
    let now = 5_000_000;
    const cache = new ModelListCache(path, () => now);
    cache.setListed(gw.baseUrl, ['gpt-4.1']);
    cache.save();
    expect(new ModelListCache(path, () => now).get(gw.baseUrl)?.listed).toEqual(['gpt-4.1']);
    now += MODEL_LIST_TTL_MS + 1;
    expect(new ModelListCache(path, () => now).get(gw.baseUrl)).toBeUndefined();
    writeFileSync(path, '{"gateways":{"x":{"checkedAt":"soon"}}}');
    expect(new ModelListCache(path, () => now).get('x')).toBeUndefined();
  });
});
