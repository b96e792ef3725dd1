import { request } from 'node:http';
import type { SimProfile } from '../../src/simulator/server.js';

/** A small, fast profile for tests: fixed few-ms latencies. */
export function testProfile(): SimProfile {
  return {
    name: 'test',
    models: {
      'gpt-4.1': { id: 'openai/gpt-4.1', ttftMs: 5, itlMs: 1, outputTokens: 8 },
      r1: { id: 'deepseek/r1', ttftMs: 1, itlMs: 0, outputTokens: 4, reasoningTokens: 3 },
      small: { id: 'test/small', ttftMs: 0, itlMs: 0, outputTokens: 4, contextWindow: 10 },
    },
    '*': { ttftMs: 0, itlMs: 0, outputTokens: 5 },
  };
}

export interface RawResponse {
  status?: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Each body piece with its arrival time (ms after the request was sent). */
  pieces: { t: number; text: string }[];
  /** Response headers arrival (ms). */
  headersAt?: number;
  /** Set when the exchange failed: a socket error code, `aborted` (body cut) or `timeout`. */
  error?: string;
  /** The body ended normally. */
  complete: boolean;
}

/**
 * One request on a fresh connection (no keep-alive pool, so a fault never leaks into the
 * next test), bounded by `timeoutMs`.
 */
export function send(
  url: string,
  options: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<RawResponse> {
  const started = performance.now();
  const since = (): number => performance.now() - started;
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const out: RawResponse = { headers: {}, body: '', pieces: [], complete: false };
    let done = false;
    const finish = (error?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error !== undefined) out.error = error;
      req.destroy();
      resolve(out);
    };
    const req = request(url, {
      method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
      agent: false,
      headers: {
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
    });
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? 3000);
    req.on('response', (res) => {
      if (res.statusCode !== undefined) out.status = res.statusCode;
      out.headers = res.headers;
      out.headersAt = since();
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        out.body += text;
        out.pieces.push({ t: since(), text });
      });
      res.on('end', () => {
        out.complete = true;
        finish();
      });
      res.on('aborted', () => finish('aborted'));
      res.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? 'aborted'));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
    req.end(payload);
  });
}

export const chatUrl = (base: string): string => `${base}/chat/completions`;

export function chatBody(
  model: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: 'Hello there, simulator!' }], ...extra };
}

/** The `data:` payloads of an SSE body, in order. */
export function sseData(body: string): string[] {
  return body
    .split('\n\n')
    .filter((e) => e.startsWith('data: '))
    .map((e) => e.slice('data: '.length));
}

export interface Chunk {
  choices?: { delta: Record<string, unknown>; finish_reason: string | null }[];
  usage?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** Parsed JSON chunks (skipping `[DONE]` and malformed events). */
export function chunks(body: string): Chunk[] {
  const out: Chunk[] = [];
  for (const d of sseData(body)) {
    if (d === '[DONE]') continue;
    try {
      out.push(JSON.parse(d) as Chunk);
    } catch {
      // malformed event: skipped, as a client would
    }
  }
  return out;
}

export function contentDeltas(body: string): string[] {
  return chunks(body)
    .map((c) => c.choices?.[0]?.delta['content'])
    .filter((c): c is string => typeof c === 'string' && c !== '');
}

export function finishReasons(body: string): string[] {
  return chunks(body)
    .map((c) => c.choices?.[0]?.finish_reason)
    .filter((f): f is string => typeof f === 'string');
}
