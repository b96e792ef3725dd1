import { createRequire } from 'node:module';
import type * as Undici from 'undici';
import { firstEnv } from './env.js';
import { stripCredentials } from './proxy.js';
import { UsageError } from './errors.js';
import { WarmSockets } from './warm-sockets.js';

/**
 * The undici classes the client needs. undici's index loads every feature it has (fetch,
 * WebSocket, caches, mocks: ~30–50 ms at start-up); the client only needs the Agent, the
 * env-proxy agent and the request API, so it loads those modules alone. They are undici's own
 * files, not its public API (undici 7 has no `exports` map and no lean entry): the version is
 * pinned, and test/core/transport.test.ts fails, naming the file, when an upgrade moves one.
 * At run time a moved file falls back to the package index (same classes, slower start).
 */
export interface Transport {
  Agent: typeof Undici.Agent;
  EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent;
  /** undici's own socket opener (TCP, or TLS with its session cache), as its Client uses it. */
  buildConnector: typeof Undici.buildConnector;
  /**
   * `bundle` from the prebuilt one-file copy of those modules beside the CLI bundle
   * (dist/bundle/undici-lean.cjs), `lean` when loaded module by module, `index` after the fallback.
   */
  loadedFrom: 'bundle' | 'lean' | 'index';
}

const requireCjs = createRequire(import.meta.url);
let transport: Transport | undefined;

export function loadTransport(): Transport {
  transport ??= loadBundled() ?? loadLean() ?? loadIndex();
  return transport;
}

/** The undici files the fast path loads (what undici's index.js requires for these). */
export const LEAN_MODULES = {
  dispatcher: 'undici/lib/dispatcher/dispatcher.js',
  api: 'undici/lib/api/index.js',
  agent: 'undici/lib/dispatcher/agent.js',
  envHttpProxyAgent: 'undici/lib/dispatcher/env-http-proxy-agent.js',
  connect: 'undici/lib/core/connect.js',
} as const;

/**
 * The built CLI (dist/bundle/) has the LEAN_MODULES prebuilt into one CommonJS file beside it
 * (scripts/bundle.mjs): one file instead of ~100 saves ~9 ms of CPU at start-up. Absent when
 * running from src/ or tsc's dist/<dir>/: then the modules load one by one.
 */
export const LEAN_BUNDLE = './undici-lean.cjs';

function loadBundled(): Transport | undefined {
  try {
    const lean = requireCjs(LEAN_BUNDLE) as Partial<Transport>;
    if (
      typeof lean.Agent !== 'function' ||
      typeof lean.EnvHttpProxyAgent !== 'function' ||
      typeof lean.buildConnector !== 'function'
    )
      return undefined;
    return {
      Agent: lean.Agent,
      EnvHttpProxyAgent: lean.EnvHttpProxyAgent,
      buildConnector: lean.buildConnector,
      loadedFrom: 'bundle',
    };
  } catch {
    return undefined;
  }
}

function loadLean(): Transport | undefined {
  try {
    const Dispatcher = requireCjs(LEAN_MODULES.dispatcher) as {
      prototype: Record<string, unknown>;
    };
    const api = requireCjs(LEAN_MODULES.api) as Record<string, unknown>;
    // What undici's index does: the request API lives on every dispatcher.
    if (typeof Dispatcher.prototype.request !== 'function')
      Object.assign(Dispatcher.prototype, api);
    const Agent = requireCjs(LEAN_MODULES.agent) as typeof Undici.Agent;
    const EnvHttpProxyAgent = requireCjs(
      LEAN_MODULES.envHttpProxyAgent,
    ) as typeof Undici.EnvHttpProxyAgent;
    const buildConnector = requireCjs(LEAN_MODULES.connect) as typeof Undici.buildConnector;
    if (
      typeof Agent !== 'function' ||
      typeof EnvHttpProxyAgent !== 'function' ||
      typeof buildConnector !== 'function'
    )
      return undefined;
    return { Agent, EnvHttpProxyAgent, buildConnector, loadedFrom: 'lean' };
  } catch {
    return undefined;
  }
}

function loadIndex(): Transport {
  const undici = requireCjs('undici') as typeof Undici;
  return {
    Agent: undici.Agent,
    EnvHttpProxyAgent: undici.EnvHttpProxyAgent,
    buildConnector: undici.buildConnector,
    loadedFrom: 'index',
  };
}

/**
 * A keep-alive dispatcher honouring HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case
 * forms) from `env`: an EnvHttpProxyAgent when a proxy is set, else a plain Agent whose
 * connections can be opened ahead of the requests (`warm`, warm-sockets.ts; not through a
 * proxy, where a connection is a tunnel opened per origin by the proxy agent).
 */
export function createDispatcher(
  env: Record<string, string | undefined>,
  options: Undici.Agent.Options,
): { dispatcher: Undici.Dispatcher; warm: WarmSockets | undefined } {
  // The same names in the same order as `shepherd config` shows (config/load.ts): lower-case
  // first, as undici and curl read them; empty counts as unset.
  const pick = (names: readonly string[]): string | undefined => firstEnv(env, names)?.value;
  const httpsProxy = pick(['https_proxy', 'HTTPS_PROXY']);
  const httpProxy = pick(['http_proxy', 'HTTP_PROXY']);
  const noProxy = pick(['no_proxy', 'NO_PROXY']);
  const { Agent, EnvHttpProxyAgent, buildConnector } = loadTransport();
  if (!httpsProxy && !httpProxy) {
    // What undici's Client builds from an options object, built here so it can be shared.
    const given = options.connect;
    const warm =
      typeof given === 'function' ? undefined : new WarmSockets(buildConnector({ ...given }));
    const dispatcher = new Agent(warm ? { ...options, connect: warm.connector } : options);
    return { dispatcher, warm };
  }
  const dispatcher = new EnvHttpProxyAgent({
    ...options,
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  });
  return { dispatcher, warm: undefined };
}

/**
 * A proxy variable that is not a URL would make undici throw (a stack trace whose message
 * tells nothing) at the first request: a usage error instead, before anything is sent,
 * naming the variable and never its user:password part.
 */
export function checkProxyEnv(env: Record<string, string | undefined>): void {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const value = env[name];
    if (!value) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (
      url &&
      /^https?:$/.test(url.protocol) &&
      (url.pathname.length > 1 || url.search || url.hash)
    ) {
      // undici cannot route through a proxy URL with a path, query or fragment (it crashes at
      // the first request): refuse it before anything is sent.
      throw new UsageError(
        `${name} '${stripCredentials(value)}' has a path, query or fragment; a proxy is an address only, like http://proxy.example:3128`,
      );
    }
    if (!url || !/^https?:$/.test(url.protocol)) {
      throw new UsageError(
        `${name} '${stripCredentials(value)}' is not a proxy URL; set it like http://proxy.example:3128 or unset it`,
      );
    }
  }
}
