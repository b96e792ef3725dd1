import type { Price, Settings } from '../../config/types.js';
import { pickListedId, unlistedOrder } from '../../core/model-ids.js';

/** One row of `shepherd models` (`shepherd.models/v1`); fields are only ever added. */
export interface ModelRow {
  /** The configured id (catalogue or config file), or the id the gateway lists. */
  id: string;
  /**
   * The id chat, health and bench send for it: the form the gateway lists (`gpt-4.1` or
   * `openai/gpt-4.1`), else the first form tried; an id from a config file exactly as written.
   */
  sent_id: string;
  /** Configured name, when the model is configured (catalogue or config file). */
  name: string | null;
  aliases: string[];
  gateway: string;
  /** The gateway's GET /models lists it. */
  listed: boolean;
  /** Configured (catalogue or config file). */
  configured: boolean;
  priced: boolean;
  price?: {
    input: number;
    cached_input: number | null;
    output: number;
    source: string | null;
    as_of: string | null;
  };
  context_window?: number;
  /** Routes that include it. */
  routes: string[];
}

/**
 * Joins configured models with what each gateway lists. A configured model counts as listed
 * when the gateway lists one of its id forms (core/model-ids.ts: `gpt-4.1` ~ `openai/gpt-4.1`,
 * `claude-sonnet-4.5` ~ `claude-sonnet-4-5`); only gateways in `listed` are shown.
 */
export function modelRows(settings: Settings, listed: Map<string, string[]>): ModelRow[] {
  const rows: ModelRow[] = [];
  const claimed = new Set<string>();
  for (const m of Object.values(settings.models)) {
    const ids = listed.get(m.gateway);
    if (!ids) continue;
    const hit = pickListedId(m, ids);
    if (hit) claimed.add(`${m.gateway}\u0000${hit}`);
    const row: ModelRow = {
      id: m.id,
      sent_id: hit ?? unlistedOrder(m)[0] ?? m.id,
      name: m.name,
      aliases: [...m.aliases],
      gateway: m.gateway,
      listed: hit !== undefined,
      configured: true,
      priced: m.price !== undefined,
      routes: Object.entries(settings.routes)
        .filter(([, chain]) => chain.includes(m.name))
        .map(([route]) => route),
    };
    if (m.price) row.price = priceJson(m.price);
    if (m.contextWindow !== undefined) row.context_window = m.contextWindow;
    rows.push(row);
  }
  for (const [gateway, ids] of listed) {
    for (const id of ids) {
      if (claimed.has(`${gateway}\u0000${id}`)) continue;
      rows.push({
        id,
        sent_id: id,
        name: null,
        aliases: [],
        gateway,
        listed: true,
        configured: false,
        priced: false,
        routes: [],
      });
    }
  }
  return rows;
}

function priceJson(p: Price): NonNullable<ModelRow['price']> {
  return {
    input: p.input,
    cached_input: p.cachedInput ?? null,
    output: p.output,
    source: p.source ?? null,
    as_of: p.asOf ?? null,
  };
}
