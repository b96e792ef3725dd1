import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One recorded request. */
export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  seen: Seen,
) => void | Promise<void>;

/**
 * A loopback HTTP server on port 0 whose answers are scripted per model: each request
 * for model M takes the next handler of M's script (the last one repeats).
 */
export async function scriptedServer(scripts: Record<string, Handler[]>): Promise<{
  url: string;
  seen: Seen[];
  count(model: string): number;
  close(): Promise<void>;
}> {
  const seen: Seen[] = [];
  const used = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      const entry: Seen = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
      };
      seen.push(entry);
      const model = typeof body.model === 'string' ? body.model : (req.url ?? '');
      const script = scripts[model] ?? scripts['*'];
      if (!script || script.length === 0) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { message: `no script for ${model}`, code: 'model_not_found' } }),
        );
        return;
      }
      const n = used.get(model) ?? 0;
      used.set(model, n + 1);
      const handler = script[Math.min(n, script.length - 1)]!;
      void handler(req, res, entry);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    count: (model) => seen.filter((s) => s.body.model === model).length,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra = {}): string =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;

/** Writes an OpenAI-shaped stream of `tokens`, with usage, [DONE] unless told otherwise. */
export function sse(
  tokens: string[],
  options: {
    usage?: boolean;
    done?: boolean;
    end?: boolean;
    gapMs?: number;
    firstDelayMs?: number;
  } = {},
): Handler {
  return async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk({ role: 'assistant', content: '' }));
    if (options.firstDelayMs) await new Promise((r) => setTimeout(r, options.firstDelayMs));
    if (res.destroyed) return;
    for (const t of tokens) {
      if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      res.write(chunk({ content: t }));
    }
    res.write(chunk({}, 'stop'));
    if (options.usage !== false) {
      res.write(
        `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 5, completion_tokens: tokens.length, total_tokens: 5 + tokens.length } })}\n\n`,
      );
    }
    if (options.done !== false) res.write('data: [DONE]\n\n');
    if (options.end !== false) res.end();
  };
}

/** Writes some tokens then destroys the connection (no finish_reason). */
export function cutAfter(tokens: string[]): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk({ role: 'assistant', content: '' }));
    for (const t of tokens) res.write(chunk({ content: t }));
    setTimeout(() => res.socket?.destroy(), 20);
  };
}

/** Writes some tokens then goes silent (keeps the connection open). */
export function stallAfter(tokens: string[]): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const t of tokens) res.write(chunk({ content: t }));
  };
}

export function status(
  code: number,
  body: unknown = { error: { message: `status ${code}` } },
  headers: Record<string, string> = {},
): Handler {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Destroys the socket before any response. */
export const reset: Handler = (req) => {
  req.socket.destroy();
};

/** Never answers. */
export const silent: Handler = () => {};

/** Headers at once, first content token after `ms`. */
export function slowFirstToken(ms: number, tokens: string[]): Handler {
  return sse(tokens, { firstDelayMs: ms });
}

export function json(content: string, usage = true): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        ...(usage ? { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } } : {}),
      }),
    );
  };
}
