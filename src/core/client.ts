import type { Dispatcher } from 'undici';
import type { ClientSettings, GatewaySettings, ModelSettings } from './settings.js';
import { runAttempt, type AttemptSpec } from './attempt.js';
import type { AttemptOptions, ChainOptions } from './chain-options.js';
import { FallbackChain } from './chain.js';
import { CircuitBreaker } from './breaker.js';
import { systemClock, type Clock } from './clock.js';
import { UsageError } from './errors.js';
import { ApiKey, KeyPool, redact } from './keys.js';
import { secretHeaderValues } from './secrets.js';
import type { ChatRequest } from './request.js';
import type { AttemptResult, ChainResult } from './result.js';
import { ModelIdBook, type ListAnswer } from './model-id-book.js';
import { parseModelList } from './model-list.js';
import { ModelListCache } from './model-list-cache.js';
import { StateStore } from './state-store.js';
import { stateKey } from './state-key.js';
import { endpoint } from './request.js';
import { isRedirect, redirectText } from './redirect.js';
import { decodeResponse } from './content-encoding.js';
import { DEFAULT_MAX_RESPONSE_BYTES, readCapped } from './body-limit.js';
import { checkProxyEnv, createDispatcher } from './transport.js';
import type { WarmSockets } from './warm-sockets.js';

export type { AttemptOptions, ChainEvent, ChainOptions } from './chain-options.js';

/** What to make of an attempt's record as it settles (the record, or a follow-up attempt). */
type AfterAttempt = (result: AttemptResult) => AttemptResult | Promise<AttemptResult>;

/** What the attempts on one model, gateway and sent id share (ShepherdClient#attemptBase). */
interface AttemptBase {
  gateway: GatewaySettings & { baseUrl: string };
  endpoint: { origin: string; path: string };
  /** The model with the id it is sent as. */
  model: ModelSettings;
  dispatcher: Dispatcher;
  pool: KeyPool;
  /** The spec's key entry per key index, built at its first use. */
  keys: { key: ApiKey; index: number; source: string }[];
  timeouts: AttemptSpec['timeouts'];
  /** The id book has been told this id worked (it needs telling once). */
  workedNoted: boolean;
}

export interface ClientOptions {
  settings: ClientSettings;
  /** Injected transport (tests, benchmarks); otherwise one keep-alive Agent per gateway. */
  dispatcher?: Dispatcher;
  clock?: Clock;
  /** For backoff jitter; tests pass a seeded one. */
  random?: () => number;
  /** Shared health/breaker state; default: the settings' state file. `null` = in memory only. */
  stateStore?: StateStore | null;
  /** Environment for proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
  env?: Record<string, string | undefined>;
  userAgent?: string;
  /** Max connections per gateway origin (bench raises it to its concurrency). */
  connections?: number;
}

/**
 * The one fallback client every command uses. No terminal imports: it takes settings,
 * an optional undici Dispatcher and a Clock, and returns plain data.
 */
export class ShepherdClient {
  readonly settings: ClientSettings;
  readonly clock: Clock;
  readonly store: StateStore;
  readonly breaker: CircuitBreaker;
  readonly #random: () => number;
  readonly #dispatchers = new Map<string, Dispatcher>();
  readonly #warm = new Map<string, WarmSockets>();
  readonly #injected: Dispatcher | undefined;
  readonly #pools = new Map<string, KeyPool>();
  readonly #allKeys: ApiKey[];
  readonly #env: Record<string, string | undefined>;
  readonly #userAgent: string;
  readonly #connections: number | undefined;
  #ids: ModelIdBook | undefined;
  readonly #bases = new WeakMap<ModelSettings, Map<string, AttemptBase>>();

  constructor(options: ClientOptions) {
    this.settings = options.settings;
    this.clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#injected = options.dispatcher;
    this.#env = options.env ?? {};
    checkProxyEnv(this.#env);
    this.#userAgent = options.userAgent ?? 'shepherd';
    this.#connections = options.connections;
    this.store =
      options.stateStore === null
        ? new StateStore(undefined, () => this.clock.wallNow())
        : (options.stateStore ??
          new StateStore(this.settings.stateFile, () => this.clock.wallNow()));
    this.breaker = new CircuitBreaker(this.store, this.settings.breaker, () =>
      this.clock.wallNow(),
    );
    for (const gw of Object.values(this.settings.gateways))
      this.#pools.set(
        gw.name,
        // A key set aside after a 401 comes back after the breaker cooldown (30 s by default).
        new KeyPool(gw.keys, {
          now: () => this.clock.now(),
          cooldownMs: this.settings.breaker.cooldownMs,
        }),
      );
    // Keys, and secret header values (an X-Api-Key from the config file), are redacted from
    // every message built from a server's answer: a gateway may echo what it was sent.
    this.#allKeys = Object.values(this.settings.gateways).flatMap((g) => [
      ...g.keys,
      ...secretHeaderValues(g.headers).map((v) => new ApiKey(v, `gateways.${g.name}.headers`)),
    ]);
  }

  /** Redacts every configured key from text that came from elsewhere. */
  redact(text: string): string {
    return redact(text, this.#allKeys);
  }

  gateway(name: string): GatewaySettings & { baseUrl: string } {
    const gw = this.settings.gateways[name];
    if (!gw)
      throw new UsageError(`unknown gateway '${name}'; define gateways.${name} in the config file`);
    if (!gw.baseUrl) {
      throw new UsageError(
        name === 'default'
          ? 'no base URL: pass --base-url, set SHEPHERD_BASE_URL, or set gateways.default.baseUrl in the config file (or try --simulate)'
          : `no base URL for gateway '${name}': set gateways.${name}.baseUrl in the config file`,
      );
    }
    return gw as GatewaySettings & { baseUrl: string };
  }

  dispatcher(gatewayName: string): Dispatcher {
    if (this.#injected) return this.#injected;
    let d = this.#dispatchers.get(gatewayName);
    if (!d) {
      const made = createDispatcher(this.#env, {
        connect: { timeout: this.settings.timeouts.connectMs },
        keepAliveTimeout: 30_000,
        ...(this.#connections ? { connections: this.#connections } : {}),
      });
      d = made.dispatcher;
      this.#dispatchers.set(gatewayName, d);
      if (made.warm) this.#warm.set(gatewayName, made.warm);
    }
    return d;
  }

  /**
   * Opens up to `count` connections to a gateway before any request needs them (warm-sockets.ts):
   * the requests that follow take them instead of each opening its own on the send path.
   * Resolves with how many opened; 0 through a proxy or an injected dispatcher.
   */
  async preconnect(gatewayName: string, count: number): Promise<number> {
    const gw = this.gateway(gatewayName);
    this.dispatcher(gatewayName);
    const warm = this.#warm.get(gatewayName);
    if (!warm || count <= 0) return 0;
    return warm.open(endpoint(gw.baseUrl, '/chat/completions').origin, count);
  }

  /**
   * One attempt on one model: a key in turn, no retry, no failover, no breaker. A `not_found`
   * for one id form is asked once more with the other form the gateway may know (SPEC §1).
   */
  attempt(
    model: ModelSettings,
    request: ChatRequest,
    options: AttemptOptions = {},
  ): Promise<AttemptResult> {
    // Judged as the attempt settles (no extra promise per request in a bench).
    return this.#attempt(model, request, options, undefined, undefined, (first) => {
      if (first.outcome !== 'not_found' || first.delivered > 0) return first;
      return this.otherId(model, first.modelId, options.signal).then((other) =>
        other === undefined ? first : this.#attempt(model, request, options, undefined, other),
      );
    });
  }

  /** The model-id book: what each gateway lists and which id form worked (model-id-book.ts). */
  get modelIds(): ModelIdBook {
    this.#ids ??= new ModelIdBook({
      cache: new ModelListCache(this.settings.modelListFile, () => this.clock.wallNow()),
      list: (gateway, signal) => this.#listForIds(gateway, signal),
    });
    return this.#ids;
  }

  /** The id a request for `model` sends now (listing its gateway first when nothing is cached). */
  async sendId(model: ModelSettings, signal?: AbortSignal): Promise<string> {
    return this.modelIds.sendId(model, this.gateway(model.gateway), signal);
  }

  /** After a `not_found` for `sentId`: the other form to try once, or undefined. */
  async otherId(
    model: ModelSettings,
    sentId: string,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    return this.modelIds.afterNotFound(model, this.gateway(model.gateway), sentId, signal);
  }

  /** One `GET /models` for the id book, bounded by the connect and attempt timeouts. */
  async #listForIds(gateway: string, signal?: AbortSignal): Promise<ListAnswer> {
    const bound = AbortSignal.timeout(
      Math.min(this.settings.timeouts.attemptMs, this.settings.timeouts.connectMs + 5000),
    );
    const res = await this.get(
      gateway,
      '/models',
      signal ? AbortSignal.any([signal, bound]) : bound,
    );
    if (res.status >= 200 && res.status < 300) {
      const ids = parseModelList(res.body);
      return ids ? { kind: 'listed', ids } : { kind: 'cannot_list' };
    }
    return [404, 405, 501].includes(res.status) ? { kind: 'cannot_list' } : { kind: 'unknown' };
  }

  /** One attempt with the id the book chooses (no request for it when the choice is known). */
  #attempt(
    model: ModelSettings,
    request: ChatRequest,
    options: AttemptOptions,
    deadlineAt: number | undefined,
    sentId?: string,
    after?: AfterAttempt,
  ): Promise<AttemptResult> {
    const gw = this.gateway(model.gateway);
    const id = sentId ?? this.modelIds.sendIdNow(model, gw);
    if (id !== undefined) return this.#sendAs(model, gw, id, request, options, deadlineAt, after);
    return this.modelIds
      .sendId(model, gw, options.signal)
      .then((chosen) => this.#sendAs(model, gw, chosen, request, options, deadlineAt, after));
  }

  #sendAs(
    model: ModelSettings,
    gw: GatewaySettings & { baseUrl: string },
    id: string,
    request: ChatRequest,
    options: AttemptOptions,
    deadlineAt: number | undefined,
    after: AfterAttempt | undefined,
  ): Promise<AttemptResult> {
    const sent = this.#attemptBase(model, gw, id);
    if (sent.workedNoted) return this.#send(sent, request, options, deadlineAt, after);
    return this.#send(sent, request, options, deadlineAt, (result) => {
      if (result.outcome === 'ok' && !sent.workedNoted) {
        sent.workedNoted = this.modelIds.worked(model, gw, id);
      }
      return after ? after(result) : result;
    });
  }

  /**
   * What every attempt on one model, gateway and id shares, built once: a bench sends
   * thousands a second and each costs only what differs (the request, its key, its signal).
   */
  #attemptBase(
    model: ModelSettings,
    gw: GatewaySettings & { baseUrl: string },
    id: string,
  ): AttemptBase {
    let byId = this.#bases.get(model);
    if (!byId) this.#bases.set(model, (byId = new Map()));
    let base = byId.get(id);
    if (base?.gateway === gw) return base;
    const t = this.settings.timeouts;
    base = {
      gateway: gw,
      endpoint: endpoint(gw.baseUrl, '/chat/completions'),
      model: model.id === id ? model : { ...model, id },
      dispatcher: this.dispatcher(gw.name),
      pool: this.#pools.get(gw.name) ?? new KeyPool([]),
      keys: [],
      timeouts: {
        firstTokenMs: t.firstTokenMs,
        idleMs: t.idleMs,
        attemptMs: model.timeoutMs ?? t.attemptMs,
      },
      workedNoted: false,
    };
    byId.set(id, base);
    return base;
  }

  #send(
    base: AttemptBase,
    request: ChatRequest,
    options: AttemptOptions,
    deadlineAt: number | undefined,
    after: AfterAttempt | undefined,
  ): Promise<AttemptResult> {
    const gw = base.gateway;
    let timeouts = base.timeouts;
    let deadlineBound = false;
    if (
      options.timeoutMs !== undefined ||
      options.firstTokenMs !== undefined ||
      deadlineAt !== undefined
    ) {
      let attemptMs = options.timeoutMs ?? timeouts.attemptMs;
      if (deadlineAt !== undefined) {
        const remaining = Math.max(0, Math.ceil(deadlineAt - this.clock.now()));
        if (remaining < attemptMs) {
          attemptMs = remaining;
          deadlineBound = true;
        }
      }
      timeouts = {
        firstTokenMs: options.firstTokenMs ?? timeouts.firstTokenMs,
        idleMs: timeouts.idleMs,
        attemptMs,
      };
    }
    const next = base.pool.next();
    const spec: AttemptSpec = {
      dispatcher: base.dispatcher,
      clock: this.clock,
      model: base.model,
      gatewayName: gw.name,
      baseUrl: gw.baseUrl,
      endpoint: base.endpoint,
      headers: gw.headers,
      key: next
        ? (base.keys[next.index] ??= { ...next, source: gw.keySource ?? next.key.source })
        : undefined,
      allKeys: this.#allKeys,
      proxy: this.settings.proxy,
      request,
      timeouts,
      deadlineBound,
      signal: options.signal,
      intendedStart: options.intendedStart,
      keepContent: options.keepContent,
      onToken: options.onToken,
      onReasoning: options.onReasoning,
      onFirstToken: options.onFirstToken,
      userAgent: this.#userAgent,
      maxBodyBytes: this.settings.limits?.maxResponseBytes,
    };
    return runAttempt(spec, after);
  }

  /**
   * The fallback chain (SPEC §2): retries on the same model by class, failover in order,
   * key rotation, circuit breaker, one overall deadline that no wait sleeps past, and
   * never splicing two models' text once a token reached the user.
   */
  async complete(
    chain: ModelSettings[],
    request: ChatRequest,
    options: ChainOptions = {},
  ): Promise<ChainResult> {
    const models = dedupe(chain);
    for (const m of models) this.gateway(m.gateway); // no base URL → usage error before any request
    // 0 (`--hedge off`) turns a configured hedge off.
    const hedgeMs = options.hedgeMs ?? this.settings.retry.hedgeMs;
    return new FallbackChain(
      {
        clock: this.clock,
        breaker: this.breaker,
        store: this.store,
        retry: this.settings.retry,
        random: this.#random,
        deadlineMs: options.deadlineMs ?? this.settings.timeouts.deadlineMs,
        firstTokenMs: this.settings.timeouts.firstTokenMs,
        ...(hedgeMs ? { hedgeMs } : {}),
        pool: (gateway) => this.#pools.get(gateway),
        stateKey: (model) => this.stateKey(model.gateway, model.name),
        attempt: (model, req, opts, deadlineAt, sentId) =>
          this.#attempt(model, req, opts, deadlineAt, sentId),
        otherId: (model, sentId, signal) => this.otherId(model, sentId, signal),
      },
      models,
      request,
      options,
    ).run();
  }

  /** The breaker and health state key of a model on a gateway (see state-key.ts). */
  stateKey(gatewayName: string, modelName: string): string {
    return stateKey(this.gateway(gatewayName).baseUrl, modelName);
  }

  /** How many keys a gateway has (0 for a keyless one). */
  keyCount(gatewayName: string): number {
    return this.#pools.get(gatewayName)?.size ?? 0;
  }

  /**
   * After a 401 on key `keyIndex` of a gateway: sets the key aside for the run (as the chain
   * does) and says whether another key is left to try. For callers of single attempts.
   */
  setKeyAside(gatewayName: string, keyIndex: number | undefined): boolean {
    const pool = this.#pools.get(gatewayName);
    if (!pool || keyIndex === undefined) return false;
    pool.disable(keyIndex);
    return pool.available > 0;
  }

  /**
   * A plain GET relative to a gateway's base URL (models, health). A 401 sets the key aside
   * and asks again at once with the next key; the gateway is rejected only when none is left.
   */
  async get(gatewayName: string, suffix: string, signal?: AbortSignal): Promise<GetResult> {
    for (let tries = 0; ; tries++) {
      const res = await this.#getOnce(gatewayName, suffix, signal);
      if (res.status !== 401 || tries >= this.keyCount(gatewayName)) return res;
      if (!this.setKeyAside(gatewayName, res.keyIndex)) return res;
    }
  }

  async #getOnce(
    gatewayName: string,
    suffix: string,
    signal?: AbortSignal,
  ): Promise<GetResult & { keyIndex?: number }> {
    const gw = this.gateway(gatewayName);
    const { origin, path } = endpoint(gw.baseUrl, suffix);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.#userAgent,
      ...gw.headers,
    };
    const key = this.#pools.get(gw.name)?.next();
    if (key) headers.authorization = `Bearer ${key.key.reveal()}`;
    const start = this.clock.now();
    const raw = await this.dispatcher(gw.name).request({
      origin,
      path,
      method: 'GET',
      headers,
      signal: signal ?? AbortSignal.timeout(this.settings.timeouts.attemptMs),
      headersTimeout: this.settings.timeouts.attemptMs,
      bodyTimeout: this.settings.timeouts.attemptMs,
    });
    const res = decodeResponse(raw);
    const limit = this.settings.limits?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const body = this.redact(await readCapped(res.body, limit, `GET ${suffix}`));
    const out: GetResult = { status: res.statusCode, body, latencyMs: this.clock.now() - start };
    if (isRedirect(res.statusCode)) {
      out.redirect = this.redact(redirectText(res.headers.location, `${origin}${path}`));
    }
    return key ? { ...out, keyIndex: key.index } : out;
  }

  async close(): Promise<void> {
    this.store.save();
    this.#ids?.save();
    for (const warm of this.#warm.values()) warm.close();
    this.#warm.clear();
    await Promise.all([...this.#dispatchers.values()].map((d) => d.close()));
    this.#dispatchers.clear();
  }
}

/** A GET answer; `redirect` says where a 3xx points (redirects are never followed). */
export interface GetResult {
  status: number;
  body: string;
  latencyMs: number;
  redirect?: string;
}

function dedupe(models: ModelSettings[]): ModelSettings[] {
  const seen = new Set<string>();
  return models.filter((m) => (seen.has(m.name) ? false : (seen.add(m.name), true)));
}
