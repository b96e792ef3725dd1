import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cataloguePath, checkCatalogue } from '../../src/config/catalogue.js';

const shipped = (): Record<string, any> => JSON.parse(readFileSync(cataloguePath(), 'utf8'));

describe('checkCatalogue', () => {
  it('accepts the shipped catalogue, every model with a price, source and date', () => {
    const raw = shipped();
    expect(checkCatalogue(raw).ok).toBe(true);
    for (const m of Object.values(raw.models) as any[]) {
      expect(m.source).toMatch(/^https:\/\//);
      expect(m.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it.each([
    [(c: any) => delete c.version, 'version'],
    [(c: any) => (c.models['gpt-4.1'].id = ''), 'models.gpt-4.1.id'],
    [(c: any) => (c.models['gpt-4.1'].price.output = -1), 'models.gpt-4.1.price.output'],
    [(c: any) => (c.models['gpt-4.1'].price.cachedInput = 'x'), 'models.gpt-4.1.price.cachedInput'],
    [(c: any) => (c.models['gpt-4.1'].contextWindow = 1.5), 'models.gpt-4.1.contextWindow'],
    [(c: any) => (c.models['gpt-4.1'].aliases = [3]), 'models.gpt-4.1.aliases'],
    [(c: any) => (c.routes.default = []), 'routes.default'],
  ])('names the path of a broken field (%#)', (breakIt, at) => {
    const raw = shipped();
    breakIt(raw);
    const r = checkCatalogue(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.at).toBe(at);
  });
});
