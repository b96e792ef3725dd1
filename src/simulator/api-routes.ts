import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize } from './authorize.js';
import { handleChat } from './chat.js';
import { Exchange } from './exchange.js';
import { pushEntry, type SimLogEntry } from './log.js';
import { modelsList } from './models-list.js';
import { errorBody } from './openai-shapes.js';
import { readBody } from './read-body.js';
import type { SimState } from './sim-state.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** One /v1 request: logged, then health, models or chat (404 for anything else). */
export async function handleApi(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
): Promise<void> {
  const x = track(state, req, res, method, path);
  if (state.closing) {
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
  if (state.apiKeys && !authorize(x, state.apiKeys)) return;
  if (path === '/v1/models') {
    x.json(200, modelsList(state.models));
    return;
  }
  await chat(state, x);
}

/** Logs the request and keeps its exchange until the response closes. */
function track(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
): Exchange {
  const entry: SimLogEntry = {
    time: Math.round(performance.now() - state.started),
    method,
    path,
    status: 0,
  };
  pushEntry(state.log, entry);
  const x = new Exchange(req, res, entry, state.clock);
  state.exchanges.add(x);
  res.on('close', () => {
    state.exchanges.delete(x);
    state.onRequest?.(entry);
  });
  return x;
}

async function chat(state: SimState, x: Exchange): Promise<void> {
  const raw = await readBody(x.req, MAX_BODY_BYTES);
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
  // Scripted outages count from the first chat request (since start, or the last reset).
  state.firstChatAt ??= performance.now();
  const sinceFirst = performance.now() - state.firstChatAt;
  await handleChat(x, raw, state.models, state.seed, state.chatIndex++, sinceFirst);
}
