import type { ModelTable } from './model-table.js';

const CREATED = 1_735_689_600; // fixed `created` of listed models: 2025-01-01

/** The GET /v1/models body: every model of the table, with context length and prices. */
export function modelsList(models: ModelTable): string {
  return JSON.stringify({
    object: 'list',
    data: models.list().map(({ id, profile: p }) => ({
      id,
      object: 'model',
      created: CREATED,
      owned_by: id.includes('/') ? id.slice(0, id.indexOf('/')) : 'shepherd-simulator',
      ...(p.contextWindow !== undefined ? { context_length: p.contextWindow } : {}),
      ...(p.price
        ? {
            pricing: {
              prompt: perToken(p.price.input),
              completion: perToken(p.price.output),
            },
          }
        : {}),
    })),
  });
}

/** USD per million tokens → per token, as OpenRouter lists it (`0.000002`). */
function perToken(perMillion: number): string {
  return Number((perMillion / 1e6).toPrecision(6))
    .toFixed(12)
    .replace(/0+$/, '')
    .replace(/\.$/, '');
}
