// A loopback OpenAI-compatible gateway in its own process, for timing tests: it records when
// each chat request's headers arrived (epoch ms with sub-ms precision, performance.timeOrigin
// + performance.now(), comparable across processes) with the request's max_tokens and whether
// it was the first on its connection (`fresh`: the connection was opened for it), and answers
// at once with a short stream. Prints `{"port": N}` on stdout once listening; `GET /arrivals`
// returns what it recorded. Exits when its stdin closes (its parent went away).
import { createServer } from 'node:http';

const arrivals = [];
const chunk = (id, model, delta, finish = null) =>
  `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

const served = new WeakMap();

const server = createServer((req, res) => {
  const at = performance.timeOrigin + performance.now();
  const before = served.get(req.socket) ?? 0;
  served.set(req.socket, before + 1);
  if (req.method === 'GET' && req.url === '/arrivals') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(arrivals));
    return;
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }));
    return;
  }
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(parts).toString());
    arrivals.push({ at, maxTokens: body.max_tokens ?? null, fresh: before === 0 });
    const id = `r${arrivals.length}`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      chunk(id, body.model, { role: 'assistant', content: 'ok' }) +
        chunk(id, body.model, {}, 'stop') +
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model: body.model, choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\n\n` +
        'data: [DONE]\n\n',
    );
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
