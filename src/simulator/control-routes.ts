import type { IncomingMessage, ServerResponse } from 'node:http';
import { ShepherdError } from '../core/errors.js';
import type { SimLogEntry } from './log.js';
import type { SendStatsJson } from './send-stats.js';
import type { ModelProfile } from './profile-schema.js';
import { readBody } from './read-body.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** What the /_sim control endpoints act on. */
export interface Controlled {
  log: SimLogEntry[];
  stats(): SendStatsJson;
  reset(): void;
  setModel(name: string, profile: Partial<ModelProfile>): void;
}

/** GET /_sim/log, GET /_sim/stats, POST /_sim/reset, PUT /_sim/models/<name> (loopback hosts only). */
export async function handleControl(
  sim: Controlled,
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
  if (method === 'GET' && path === '/_sim/log') return reply(200, sim.log);
  if (method === 'GET' && path === '/_sim/stats') return reply(200, sim.stats());
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
