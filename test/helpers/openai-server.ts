import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-style gateway that shepherd did not write (not the simulator): it lists
 * `models` on `GET /v1/models` (or answers 404 there when `canList` is false, as some relays
 * do) and answers a chat only for an id it knows, exactly as written; anything else is the
 * 404 `model_not_found` OpenAI sends. Streams SSE with usage when asked. Records every request.
 */
export interface OpenAiServerOptions {
  /** The ids it knows (and lists), e.g. `['gpt-4.1']` or `['openai/gpt-4.1']`. */
  models: string[];
  /** false: `GET /v1/models` answers 404 (the gateway cannot list). Default true. */
  canList?: boolean;
  /** Words of each answer (default 3). */
  words?: number;
  /** Milliseconds before the first token (default 0). */
  ttftMs?: number;
  /** Milliseconds between tokens (default 0). */
  itlMs?: number;
}

export interface OpenAiServer {
  /** `http://127.0.0.1:PORT/v1` */
  url: string;
  /** Every request: method, path and the `model` of a chat body. */
  seen: { method: string; path: string; model?: string; status: number }[];
  /** Chat requests' models, in order. */
  chatModels(): string[];
  close(): Promise<void>;
}

export async function openAiServer(options: OpenAiServerOptions): Promise<OpenAiServer> {
  const seen: OpenAiServer['seen'] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => void answer(req, res, raw, options, seen));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    chatModels: () => seen.filter((s) => s.model !== undefined).map((s) => s.model as string),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  raw: string,
  o: OpenAiServerOptions,
  seen: OpenAiServer['seen'],
): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const entry: OpenAiServer['seen'][number] = { method: req.method ?? '', path, status: 200 };
  seen.push(entry);
  if (req.method === 'GET' && path === '/v1/models') {
    if (o.canList === false) {
      entry.status = 404;
      return json(res, 404, { error: { message: 'Not Found', type: 'not_found' } });
    }
    const data = o.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' }));
    return json(res, 200, { object: 'list', data });
  }
  if (req.method !== 'POST' || path !== '/v1/chat/completions') {
    entry.status = 404;
    return json(res, 404, { error: { message: `no route ${path}` } });
  }
  const body = JSON.parse(raw || '{}') as {
    model?: string;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
  };
  entry.model = String(body.model);
  if (!o.models.includes(String(body.model))) {
    entry.status = 404;
    return json(res, 404, {
      error: {
        message: `The model \`${String(body.model)}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    });
  }
  const words = Array.from({ length: o.words ?? 3 }, (_, i) => `w${i} `);
  const usage = {
    prompt_tokens: 5,
    completion_tokens: words.length,
    total_tokens: 5 + words.length,
  };
  const base = { id: 'chatcmpl-t', created: 0, model: body.model };
  await sleep(o.ttftMs ?? 0);
  if (!body.stream) {
    return json(res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: words.join('') },
          finish_reason: 'stop',
        },
      ],
      usage,
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const event = (delta: object, finish: string | null = null): void => {
    const chunk = {
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish }],
    };
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  };
  event({ role: 'assistant', content: '' });
  for (const [i, w] of words.entries()) {
    if (i > 0) await sleep(o.itlMs ?? 0);
    if (res.destroyed) return;
    event({ content: w });
  }
  event({}, 'stop');
  if (body.stream_options?.include_usage) {
    res.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`,
    );
  }
  res.end('data: [DONE]\n\n');
}
