import { matchesForms, pickListedId, unlistedOrder, type IdModel } from './model-ids.js';
import type { GatewayModels, ModelListCache } from './model-list-cache.js';

/** What one `GET /models` told: the ids, that the gateway cannot list, or nothing usable now. */
export type ListAnswer =
  | { kind: 'listed'; ids: string[] }
  /** 404/405/501, or a 2xx that is not a model list: asking again will not help. */
  | { kind: 'cannot_list' }
  /** Refused, unreachable, rate limited, 5xx: not cached; the attempt will say what is wrong. */
  | { kind: 'unknown' };

/** A model as the book sees it: its name (the memory key), gateway and id forms. */
export interface BookModel extends IdModel {
  name: string;
}

/** The gateway an id is chosen for: its name (for the lister) and base URL (the cache key). */
export interface BookGateway {
  name: string;
  baseUrl: string;
}

export interface ModelIdBookDeps {
  cache: ModelListCache;
  /** One `GET {base}/models` on a gateway, bounded in time by the caller. */
  list(gateway: string, signal?: AbortSignal): Promise<ListAnswer>;
}

/**
 * Chooses the id each request sends (SPEC §1) and remembers, per gateway, what worked:
 * the form the gateway lists (cached listing, asked at most once at a time per gateway), or on
 * a gateway that cannot list, the plain name first and the other form after a `not_found`.
 * A model whose id is exact (written in a config file, or unknown to shepherd) never costs a
 * `GET /models`.
 */
export class ModelIdBook {
  readonly #deps: ModelIdBookDeps;
  readonly #pending = new Map<string, Promise<GatewayModels | undefined>>();
  /** Gateways whose listing could not be had in this run (asked once, not again). */
  readonly #unknown = new Set<string>();
  /** Gateways listed again in this run after a `not_found` (at most once each). */
  readonly #refreshed = new Set<string>();
  /** Forms that worked where the listing is unknown, for this run: `baseUrl\0model` → id. */
  readonly #worked = new Map<string, string>();
  /** The listed id picked per listing (an entry object is replaced when it changes) and model. */
  readonly #picks = new WeakMap<GatewayModels, Map<string, string | undefined>>();

  constructor(deps: ModelIdBookDeps) {
    this.#deps = deps;
  }

  /** The id to send for `model` on `gw`. */
  async sendId(model: BookModel, gw: BookGateway, signal?: AbortSignal): Promise<string> {
    if (!matchesForms(model)) return model.id;
    const entry = await this.#entry(gw, signal);
    return this.#choose(model, gw, entry);
  }

  /**
   * The id to send, when it is known without a request (no listing needed, or one is cached
   * or known to be unavailable); undefined when `sendId` has to ask. Synchronous: a bench
   * asks it for every request.
   */
  sendIdNow(model: BookModel, gw: BookGateway): string | undefined {
    if (!matchesForms(model)) return model.id;
    const cached = this.#deps.cache.get(gw.baseUrl);
    if (!cached && !this.#unknown.has(gw.baseUrl)) return undefined;
    return this.#choose(model, gw, cached);
  }

  /** The id a request would send now, from what is already known (no request). */
  knownId(model: BookModel, gw: BookGateway): string {
    if (!matchesForms(model)) return model.id;
    return this.#choose(model, gw, this.#deps.cache.get(gw.baseUrl));
  }

  /**
   * After `sentId` got a `not_found`: the other form to try once, or undefined (fail over).
   * A listing gateway is listed again first (at most once per run); its listing may have
   * changed since it was cached.
   */
  async afterNotFound(
    model: BookModel,
    gw: BookGateway,
    sentId: string,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    if (!matchesForms(model)) return undefined;
    let entry = this.#deps.cache.get(gw.baseUrl);
    if (entry?.listed && !this.#refreshed.has(gw.baseUrl)) {
      this.#refreshed.add(gw.baseUrl);
      this.#deps.cache.invalidate(gw.baseUrl);
      entry = await this.#entry(gw, signal);
    }
    if (entry?.listed) {
      const pick = pickListedId(model, entry.listed);
      return pick !== undefined && pick !== sentId ? pick : undefined;
    }
    return unlistedOrder(model).find((form) => form !== sentId);
  }

  /**
   * A request with `sentId` was answered: remember it where the gateway does not list. True
   * when nothing more can change by telling again (the caller may stop telling).
   */
  worked(model: BookModel, gw: BookGateway, sentId: string): boolean {
    if (!matchesForms(model)) return true;
    const entry = this.#deps.cache.get(gw.baseUrl);
    if (entry?.listed) return false;
    this.#worked.set(`${gw.baseUrl}\u0000${model.name}`, sentId);
    if (entry) this.#deps.cache.remember(gw.baseUrl, model.name, sentId);
    return entry !== undefined;
  }

  /** A listing someone else fetched (`models`, `health --probe models`): cached for chat. */
  record(gw: BookGateway, ids: string[]): void {
    this.#deps.cache.setListed(gw.baseUrl, ids);
    this.#unknown.delete(gw.baseUrl);
  }

  save(): void {
    this.#deps.cache.save();
  }

  #choose(model: BookModel, gw: BookGateway, entry: GatewayModels | undefined): string {
    if (entry?.listed) {
      // A gateway may list hundreds of ids: the pick is made once per listing and model.
      let picks = this.#picks.get(entry);
      if (!picks) this.#picks.set(entry, (picks = new Map()));
      let pick = picks.get(model.name);
      if (pick === undefined && !picks.has(model.name)) {
        pick = pickListedId(model, entry.listed);
        picks.set(model.name, pick);
      }
      if (pick !== undefined) return pick;
    }
    const remembered =
      this.#worked.get(`${gw.baseUrl}\u0000${model.name}`) ?? entry?.sent[model.name];
    return remembered ?? unlistedOrder(model)[0] ?? model.id;
  }

  /** The gateway's fresh cache entry, listing it first when there is none (once at a time). */
  async #entry(gw: BookGateway, signal?: AbortSignal): Promise<GatewayModels | undefined> {
    const cached = this.#deps.cache.get(gw.baseUrl);
    if (cached || this.#unknown.has(gw.baseUrl)) return cached;
    let pending = this.#pending.get(gw.baseUrl);
    if (!pending) {
      pending = this.#listNow(gw, signal).finally(() => this.#pending.delete(gw.baseUrl));
      this.#pending.set(gw.baseUrl, pending);
    }
    return pending;
  }

  async #listNow(gw: BookGateway, signal?: AbortSignal): Promise<GatewayModels | undefined> {
    let answer: ListAnswer;
    try {
      answer = await this.#deps.list(gw.name, signal);
    } catch {
      answer = { kind: 'unknown' };
    }
    if (answer.kind === 'unknown') {
      this.#unknown.add(gw.baseUrl);
      return undefined;
    }
    const entry = this.#deps.cache.setListed(
      gw.baseUrl,
      answer.kind === 'listed' ? answer.ids : null,
    );
    this.#deps.cache.save();
    return entry;
  }
}
