import { createServer } from 'node:http';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { listenLoopback } from '../../helpers/loopback-server.js';

/** One chat request as the gateway saw it. */
export interface Received {
  /** performance.now() when the request's headers arrived. */
  at: number;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    max_tokens?: number;
    min_tokens?: number;
    ignore_eos?: boolean;
  };
  /** o200k tokens of every message's content, counted here with gpt-tokenizer itself. */
  promptTokens: number;
}

/**
 * A loopback OpenAI-compatible gateway that counts each prompt under o200k on its own side
 * and answers at once with a short stream (`answer <n>`), reporting that count as
 * `usage.prompt_tokens`. Closed when the test ends.
 */
export async function countingGateway(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  // The encoder builds its tables on first use: do it now, not while a timed run is going.
  countTokens('warm up');
  const server = createServer((req, res) => {
    const at = performance.now();
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Received['body'];
      const promptTokens = body.messages.reduce(
        (n, m) => n + countTokens(m.content, { disallowedSpecial: new Set() }),
        0,
      );
      const n = received.push({ at, body, promptTokens });
      const chunk = (delta: object, finish: string | null = null): string =>
        `data: ${JSON.stringify({ id: `r${n}`, object: 'chat.completion.chunk', model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        chunk({ role: 'assistant', content: '' }) +
          chunk({ content: 'answer' }) +
          chunk({ content: ` ${n}` }) +
          chunk({}, 'stop') +
          `data: ${JSON.stringify({ id: `r${n}`, object: 'chat.completion.chunk', model: body.model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: 2, total_tokens: promptTokens + 2 } })}\n\n` +
          'data: [DONE]\n\n',
      );
    });
  });
  const port = await listenLoopback(server);
  return { url: `http://127.0.0.1:${port}/v1`, received };
}
