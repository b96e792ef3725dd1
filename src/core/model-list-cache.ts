import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from './atomic-file.js';

/**
 * What each gateway lists (`GET /models`), cached between runs in the state directory
 * (`$XDG_STATE_HOME/shepherd/models.json`) so `chat` does not ask on every call. Keyed by
 * base URL. An entry is fresh for MODEL_LIST_TTL_MS; `listed: null` records a gateway that
 * cannot list (its `GET /models` is missing or is not a model list), and `sent` the form that
 * worked for a model there. Saving re-reads the file and merges per gateway (newest wins),
 * dropping entries past their TTL, then renames a temp file over the old one.
 */
export interface GatewayModels {
  /** Wall ms of the `GET /models` this entry comes from. */
  checkedAt: number;
  /** The listed ids; null = the gateway cannot list. */
  listed: string[] | null;
  /** Per model name: the id that a gateway that cannot list answered to. */
  sent: Record<string, string>;
}

interface FileShape {
  version: 1;
  gateways: Record<string, GatewayModels>;
}

export const MODEL_LIST_TTL_MS = 10 * 60_000;

export class ModelListCache {
  readonly #path: string | undefined;
  readonly #wallNow: () => number;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, GatewayModels>();
  readonly #dirty = new Set<string>();

  /** `path` undefined = in memory only (the simulator: a new port every run). */
  constructor(
    path: string | undefined,
    wallNow: () => number = Date.now,
    ttlMs = MODEL_LIST_TTL_MS,
  ) {
    this.#path = path;
    this.#wallNow = wallNow;
    this.#ttlMs = ttlMs;
    for (const [url, entry] of Object.entries(this.#read())) this.#entries.set(url, entry);
  }

  get path(): string | undefined {
    return this.#path;
  }

  /** The gateway's entry while it is fresh. */
  get(baseUrl: string): GatewayModels | undefined {
    const entry = this.#entries.get(baseUrl);
    return entry && this.#fresh(entry) ? entry : undefined;
  }

  /** Records a fresh listing (or that the gateway cannot list), keeping forms that worked. */
  setListed(baseUrl: string, listed: string[] | null): GatewayModels {
    const sent = listed === null ? (this.#entries.get(baseUrl)?.sent ?? {}) : {};
    const entry: GatewayModels = { checkedAt: this.#wallNow(), listed: [...(listed ?? [])], sent };
    if (listed === null) entry.listed = null;
    this.#entries.set(baseUrl, entry);
    this.#dirty.add(baseUrl);
    return entry;
  }

  /** Remembers the form a gateway that cannot list answered to. */
  remember(baseUrl: string, model: string, id: string): void {
    const entry = this.#entries.get(baseUrl) ?? this.setListed(baseUrl, null);
    if (entry.sent[model] === id) return;
    entry.sent = { ...entry.sent, [model]: id };
    this.#dirty.add(baseUrl);
  }

  /** Drops a gateway's listing (after a `not_found` for a listed id): the next use asks again. */
  invalidate(baseUrl: string): void {
    const entry = this.#entries.get(baseUrl);
    if (!entry) return;
    this.#entries.set(baseUrl, { ...entry, checkedAt: 0 });
    this.#dirty.add(baseUrl);
  }

  /** Writes the entries changed by this process, merged into what is on disk now. */
  save(): void {
    if (!this.#path || this.#dirty.size === 0) return;
    const merged = this.#read();
    for (const url of this.#dirty) {
      const mine = this.#entries.get(url);
      if (!mine) continue;
      if (!this.#fresh(mine)) delete merged[url];
      else if (!merged[url] || merged[url].checkedAt <= mine.checkedAt) merged[url] = mine;
    }
    const doc: FileShape = { version: 1, gateways: merged };
    try {
      mkdirSync(dirname(this.#path), { recursive: true });
      writeFileAtomicSync(this.#path, JSON.stringify(doc) + '\n', { mode: 0o600 });
    } catch {
      // A cache: an unwritable state directory only costs a GET /models next time.
    }
    this.#dirty.clear();
  }

  #fresh(entry: GatewayModels): boolean {
    const age = this.#wallNow() - entry.checkedAt;
    return age >= 0 && age <= this.#ttlMs;
  }

  /** Fresh entries on disk; a missing, unreadable or foreign file counts as empty. */
  #read(): Record<string, GatewayModels> {
    if (!this.#path) return {};
    let doc: Partial<FileShape>;
    try {
      doc = JSON.parse(readFileSync(this.#path, 'utf8')) as Partial<FileShape>;
    } catch {
      return {};
    }
    const out: Record<string, GatewayModels> = {};
    for (const [url, e] of Object.entries(doc.gateways ?? {})) {
      if (!isEntry(e) || !this.#fresh(e)) continue;
      out[url] = e;
    }
    return out;
  }
}

function isEntry(e: unknown): e is GatewayModels {
  if (typeof e !== 'object' || e === null) return false;
  const { checkedAt, listed, sent } = e as Partial<GatewayModels>;
  return (
    typeof checkedAt === 'number' &&
    (listed === null || (Array.isArray(listed) && listed.every((id) => typeof id === 'string'))) &&
    typeof sent === 'object' &&
    sent !== null &&
    Object.values(sent).every((id) => typeof id === 'string')
  );
}
