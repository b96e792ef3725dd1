import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ShepherdError, UsageError } from '../core/errors.js';
import { handleChat } from './chat.js';
import { Exchange } from './exchange.js';
import { pushEntry, type SimLogEntry } from './log.js';
import { ModelTable } from './model-table.js';
import { errorBody } from './openai-shapes.js';
import { loadProfile, parseModelProfile, parseProfile } from './profile-load.js';
import type { ModelProfile, SimProfile } from './profile-schema.js';

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
  /** Merges a partial profile into one model (validated; throws ConfigError). */
  setModel(name: string, profile: Partial<ModelProfile>): void;
  resetLog(): void;
  /** resetLog() plus models, scripts and the request counter back to the start. */
  reset(): void;
  /** Stops listening and destroys every open socket, hung ones included. */
  close(): Promise<void>;
}

export const DEFAULT_SEED = 1;
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const CREATED = 1_735_689_600; // fixed `created` of listed models: 2025-01-01

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const profile =
    typeof options.profile === 'string'
      ? loadProfile(options.profile, options.cwd)
      : parseProfile(options.profile ?? loadProfile('default'));
  const seed = options.seed ?? DEFAULT_SEED;
  const host = options.host ?? '127.0.0.1';
  const control = isLoopback(host);
  const apiKeys = options.apiKeys && options.apiKeys.length > 0 ? [...options.apiKeys] : undefined;
  const models = new ModelTable(profile);
  const log: SimLogEntry[] = [];
  const started = performance.now();
  const sockets = new Set<Socket>();
  const exchanges = new Set<Exchange>();
  let chatIndex = 0;
  let closing = false;

  const server = createServer({ keepAlive: true }, (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      // A bug must not take the simulator down: answer 500 when still possible.
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
    });
  });
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (closing) socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (control && path.startsWith('/_sim/')) {
      await handleControl(req, res, method, path);
      return;
    }
    const entry: SimLogEntry = {
      time: Math.round(performance.now() - started),
      method,
      path,
      status: 0,
    };
    pushEntry(log, entry);
    const x = new Exchange(req, res, entry);
    exchanges.add(x);
    res.on('close', () => {
      exchanges.delete(x);
      options.onRequest?.(entry);
    });
    if (closing) {
      x.destroy();
      return;
    }

    if (method === 'GET' && path === '/v1/health') {
      x.json(200, '{"status":"ok"}');
      return;
    }
    const known =
      (method === 'GET' && path === '/v1/models') ||
      (method === 'POST' && path === '/v1/chat/completions');
    if (!known) {
      x.json(
        404,
        errorBody({
          message: `Unknown request URL: ${method} ${path}. Please check the URL for typos.`,
          type: 'invalid_request_error',
          param: null,
          code: 'unknown_url',
        }),
      );
      return;
    }
    if (apiKeys && !authorize(x, apiKeys)) return;
    if (path === '/v1/models') {
      x.json(200, modelsList());
      return;
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === undefined) {
      x.json(
        413,
        errorBody({
          message: 'Request body too large.',
          type: 'invalid_request_error',
          param: null,
          code: null,
        }),
      );
      return;
    }
    await handleChat(x, raw, models, seed, chatIndex++);
  }

  function modelsList(): string {
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

  async function handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
  ): Promise<void> {
    const reply = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (method === 'GET' && path === '/_sim/log') return reply(200, log);
    if (method === 'POST' && path === '/_sim/reset') {
      sim.reset();
      return reply(200, { ok: true });
    }
    if (method === 'PUT' && path.startsWith('/_sim/models/')) {
      const name = decodeURIComponent(path.slice('/_sim/models/'.length));
      const raw = await readBody(req, MAX_BODY_BYTES);
      try {
        sim.setModel(name, JSON.parse(raw ?? '') as Partial<ModelProfile>);
      } catch (err) {
        const message =
          err instanceof ShepherdError ? err.message : `body is not JSON: ${String(err)}`;
        return reply(400, {
          error: { message, type: 'invalid_request_error', param: null, code: null },
        });
      }
      return reply(200, { ok: true });
    }
    reply(404, {
      error: {
        message: `Unknown control URL: ${method} ${path}`,
        type: 'invalid_request_error',
        param: null,
        code: 'unknown_url',
      },
    });
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new UsageError(
              `port ${options.port ?? 0} is already in use; pick another with --port or use --port 0`,
            )
          : err.code === 'EACCES'
            ? new UsageError(
                `port ${options.port ?? 0} needs more privileges; use a port above 1023 or --port 0`,
              )
            : err,
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  const sim: Simulator = {
    url: `http://${urlHost}:${port}/v1`,
    port,
    profileName: profile.name,
    modelIds: () => models.list().map((m) => m.id),
    log,
    setModel(name, partial) {
      models.set(name, parseModelProfile(partial, `model ${name}`));
    },
    resetLog() {
      log.length = 0;
    },
    reset() {
      log.length = 0;
      models.reset();
      chatIndex = 0;
    },
    close() {
      if (closing) return closed;
      closing = true;
      closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const x of exchanges) x.abort();
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
  let closed: Promise<void> = Promise.resolve();
  return sim;
}

/** USD per million tokens → per token, as OpenRouter lists it (`0.000002`). */
function perToken(perMillion: number): string {
  return Number((perMillion / 1e6).toPrecision(6))
    .toFixed(12)
    .replace(/0+$/, '')
    .replace(/\.$/, '');
}

/** Checks `Authorization: Bearer <key>`; answers 401 (never echoing the key) when it fails. */
function authorize(x: Exchange, apiKeys: readonly string[]): boolean {
  const header = x.req.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  const index = match ? apiKeys.indexOf(match[1]!.trim()) : -1;
  x.entry.authorized = index >= 0;
  if (index >= 0) {
    x.entry.keyIndex = index;
    return true;
  }
  x.json(
    401,
    errorBody({
      message: header
        ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    }),
  );
  return false;
}

/** The body as text, or undefined when it is larger than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else parts.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
