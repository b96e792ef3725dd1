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
import { StateStore } from './state-store.js';
import { endpoint } from './request.js';
import { DEFAULT_MAX_RESPONSE_BYTES, readCapped } from './body-limit.js';
import { checkProxyEnv, createDispatcher } from './transport.js';

export type { AttemptOptions, ChainEvent, ChainOptions } from './chain-options.js';

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
  readonly #injected: Dispatcher | undefined;
  readonly #pools = new Map<string, KeyPool>();
  readonly #allKeys: ApiKey[];
  readonly #env: Record<string, string | undefined>;
  readonly #userAgent: string;
  readonly #connections: number | undefined;

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
      d = createDispatcher(this.#env, {
        connect: { timeout: this.settings.timeouts.connectMs },
        keepAliveTimeout: 30_000,
        ...(this.#connections ? { connections: this.#connections } : {}),
      });
      this.#dispatchers.set(gatewayName, d);
    }
    return d;
  }

  /** One attempt on one model: a key in turn, no retry, no failover, no breaker. */
  async attempt(
    model: ModelSettings,
    request: ChatRequest,
    options: AttemptOptions = {},
  ): Promise<AttemptResult> {
    return this.#attempt(model, request, options, undefined);
  }

  async #attempt(
    model: ModelSettings,
    request: ChatRequest,
    options: AttemptOptions,
    deadlineAt: number | undefined,
  ): Promise<AttemptResult> {
    const gw = this.gateway(model.gateway);
    const pool = this.#pools.get(gw.name) ?? new KeyPool([]);
    const t = this.settings.timeouts;
    let attemptMs = options.timeoutMs ?? model.timeoutMs ?? t.attemptMs;
    let deadlineBound = false;
    if (deadlineAt !== undefined) {
      const remaining = Math.max(0, Math.ceil(deadlineAt - this.clock.now()));
      if (remaining < attemptMs) {
        attemptMs = remaining;
        deadlineBound = true;
      }
    }
    const spec: AttemptSpec = {
      dispatcher: this.dispatcher(gw.name),
      clock: this.clock,
      model,
      gatewayName: gw.name,
      baseUrl: gw.baseUrl,
      headers: gw.headers,
      allKeys: this.#allKeys,
      request,
      timeouts: {
        firstTokenMs: options.firstTokenMs ?? t.firstTokenMs,
        idleMs: t.idleMs,
        attemptMs,
      },
      deadlineBound,
      userAgent: this.#userAgent,
    };
    if (this.settings.limits) spec.maxBodyBytes = this.settings.limits.maxResponseBytes;
    const next = pool.next();
    if (next) spec.key = { ...next, source: gw.keySource ?? next.key.source };
    if (this.settings.proxy) spec.proxy = this.settings.proxy;
    if (options.signal) spec.signal = options.signal;
    if (options.intendedStart !== undefined) spec.intendedStart = options.intendedStart;
    if (options.keepContent !== undefined) spec.keepContent = options.keepContent;
    if (options.onToken) spec.onToken = options.onToken;
    if (options.onReasoning) spec.onReasoning = options.onReasoning;
    if (options.onFirstToken) spec.onFirstToken = options.onFirstToken;
    return runAttempt(spec);
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
        attempt: (model, req, opts, deadlineAt) => this.#attempt(model, req, opts, deadlineAt),
      },
      models,
      request,
      options,
    ).run();
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
  async get(
    gatewayName: string,
    suffix: string,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: string; latencyMs: number }> {
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
  ): Promise<{ status: number; body: string; latencyMs: number; keyIndex?: number }> {
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
    const res = await this.dispatcher(gw.name).request({
      origin,
      path,
      method: 'GET',
      headers,
      signal: signal ?? AbortSignal.timeout(this.settings.timeouts.attemptMs),
      headersTimeout: this.settings.timeouts.attemptMs,
      bodyTimeout: this.settings.timeouts.attemptMs,
    });
    const limit = this.settings.limits?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const body = this.redact(await readCapped(res.body, limit, `GET ${suffix}`));
    const out = { status: res.statusCode, body, latencyMs: this.clock.now() - start };
    return key ? { ...out, keyIndex: key.index } : out;
  }

  async close(): Promise<void> {
    this.store.save();
    await Promise.all([...this.#dispatchers.values()].map((d) => d.close()));
    this.#dispatchers.clear();
  }
}

function dedupe(models: ModelSettings[]): ModelSettings[] {
  const seen = new Set<string>();
  return models.filter((m) => (seen.has(m.name) ? false : (seen.add(m.name), true)));
}
