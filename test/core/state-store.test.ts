import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_STALE_MS, StateStore } from '../../src/core/state-store.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'shepherd-state-')), 'sub', 'health.json');

describe('StateStore', () => {
  it('persists between instances (runs) and creates its directory', () => {
    const path = file();
    const a = new StateStore(path, () => 1_000_000);
    a.set('m', { failures: 2, breaker: 'closed' });
    a.save();
    const b = new StateStore(path, () => 1_000_100);
    expect(b.get('m')).toMatchObject({ failures: 2, breaker: 'closed', updatedAt: 1_000_000 });
  });

  it('ignores entries older than the staleness limit (5 minutes)', () => {
    const path = file();
    const a = new StateStore(path, () => 0);
    a.set('m', { failures: 3, breaker: 'open', openedAt: 0 });
    a.save();
    expect(new StateStore(path, () => STATE_STALE_MS).get('m')).toBeDefined();
    expect(new StateStore(path, () => STATE_STALE_MS + 1).get('m')).toBeUndefined();
  });

  it('two processes saving at once keep each other’s models (merge per model, newest wins)', () => {
    const path = file();
    const p1 = new StateStore(path, () => 10);
    const p2 = new StateStore(path, () => 20);
    p1.set('a', { failures: 1, breaker: 'closed' });
    p2.set('b', { failures: 4, breaker: 'open', openedAt: 20 });
    p2.set('a', { failures: 9, breaker: 'open', openedAt: 20 });
    p1.save();
    p2.save();
    p1.save(); // nothing dirty any more: must not clobber p2's newer `a`
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect(doc.models.a.failures).toBe(9);
    expect(doc.models.b.failures).toBe(4);
  });

  it('treats a torn or foreign file as empty instead of failing', () => {
    const path = file();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{"version":1,"models":{"a":');
    expect(new StateStore(path).entries()).toEqual([]);
    writeFileSync(path, '[1,2,3]');
    expect(new StateStore(path).entries()).toEqual([]);
  });
});
