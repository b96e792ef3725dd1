import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleApi } from './api-routes.js';
import { handleControl } from './control-routes.js';
import { listen } from './listen.js';
import type { SimLogEntry } from './log.js';
import { ModelTable } from './model-table.js';
import { preloadTokenizer } from './prefill.js';
import { errorBody } from './openai-shapes.js';
import { loadProfile, parseModelProfile, parseProfile } from './profile-load.js';
import type { ModelProfile, SimProfile } from './profile-schema.js';
import type { SimState } from './sim-state.js';
import { SendStats, type SendStatsJson } from './send-stats.js';
import { SendWheel } from './send-wheel.js';

export type { SimLogEntry } from './log.js';
export type { ModelProfile, SimProfile, Fault, FaultType } from './profile-schema.js';

export interface SimulatorOptions {
  /** A profile object, a built-in profile name (`default`, `flaky`, `outage`, `zero`) or a JSON file path. */
  profile?: SimProfile | string;
  /** Seed of every random draw (default 1). */
  seed?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. The /_sim control endpoints exist only on a loopback host. */
  host?: string;
  /** When set, /v1 requests need `Authorization: Bearer <one of these>`, else 401. */
  apiKeys?: string[];
  /** Directory a relative profile path is read from (default process.cwd()). */
  cwd?: string;
  /** Called once per logged request when its response is over (for `simulate --log`). */
  onRequest?: (entry: SimLogEntry) => void;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT/v1` */
  url: string;
  port: number;
  /** The profile's name. */
  profileName: string;
  /** The ids it lists (and answers), in the profile's id style. */
  modelIds(): string[];
  /** Every request seen (not /_sim ones), in arrival order. Cleared in place by resetLog(). */
  log: SimLogEntry[];
  /** What was sent when since start or the last resetLog() (`GET /_sim/stats`). */
  stats(): SendStatsJson;
  /** Merges a partial profile into one model (validated; throws ConfigError). */
  setModel(name: string, profile: Partial<ModelProfile>): void;
  resetLog(): void;
  /** resetLog() plus models, scripts and the request counter back to the start. */
  reset(): void;
  /** Stops listening and destroys every open socket, hung ones included. */
  close(): Promise<void>;
}

export const DEFAULT_SEED = 1;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const profile =
    typeof options.profile === 'string'
      ? loadProfile(options.profile, options.cwd)
      : parseProfile(options.profile ?? loadProfile('default'));
  const host = options.host ?? '127.0.0.1';
  await preloadTokenizer(profile);
  const state: SimState = {
    models: new ModelTable(profile),
    seed: options.seed ?? DEFAULT_SEED,
    apiKeys: options.apiKeys && options.apiKeys.length > 0 ? [...options.apiKeys] : undefined,
    log: [],
    started: performance.now(),
    sockets: new Set(),
    exchanges: new Set(),
    onRequest: options.onRequest,
    clock: { wheel: new SendWheel(), stats: new SendStats() },
    chatIndex: 0,
    closing: false,
  };
  const server = createServer({ keepAlive: true }, (req, res) => {
    void route(req, res).catch((err: unknown) => answerBug(res, err));
  });
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    state.sockets.add(socket);
    socket.on('close', () => state.sockets.delete(socket));
    if (state.closing) socket.destroy();
  });
  const control = isLoopback(host);
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (control && path.startsWith('/_sim/')) await handleControl(sim, req, res, method, path);
    else await handleApi(state, req, res, method, path);
  };
  const port = await listen(server, options.port ?? 0, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const sim = simulatorHandle(state, server, `http://${urlHost}:${port}/v1`, port, profile.name);
  return sim;
}

/** The running simulator as its callers see it. */
function simulatorHandle(
  state: SimState,
  server: Server,
  url: string,
  port: number,
  profileName: string,
): Simulator {
  let closed: Promise<void> = Promise.resolve();
  return {
    url,
    port,
    profileName,
    modelIds: () => state.models.list().map((m) => m.id),
    log: state.log,
    stats: () => state.clock.stats.toJSON(),
    setModel(name, partial) {
      state.models.set(name, parseModelProfile(partial, `model ${name}`));
    },
    resetLog() {
      state.log.length = 0;
      state.clock.stats.reset();
    },
    reset() {
      state.log.length = 0;
      state.clock.stats.reset();
      state.models.reset();
      state.chatIndex = 0;
      state.firstChatAt = undefined;
    },
    close() {
      if (state.closing) return closed;
      state.closing = true;
      closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const x of state.exchanges) x.abort();
        server.closeAllConnections();
        for (const socket of state.sockets) socket.destroy();
      });
      return closed;
    },
  };
}

/** A bug must not take the simulator down: answer 500 when still possible. */
function answerBug(res: ServerResponse, err: unknown): void {
  if (!res.headersSent && !res.destroyed) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(
      errorBody({
        message: `simulator error: ${String(err)}`,
        type: 'server_error',
        param: null,
        code: null,
      }),
    );
  } else {
    res.destroy();
  }
}
