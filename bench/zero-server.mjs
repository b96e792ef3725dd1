// A minimal zero-latency OpenAI-compatible server for client benchmarks, run in its own
// process so it never shares the measuring process's event loop. Prints its URL on the
// first line. TOKENS env sets the streamed answer length (default 64).
import { createServer } from 'node:http';

const tokens = Number(process.env.TOKENS ?? 64);
const chunk = (delta, finish = null) =>
  `data: {"id":"z","object":"chat.completion.chunk","choices":[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${JSON.stringify(finish)}}]}\n\n`;
const streamBody =
  chunk({ role: 'assistant', content: '' }) +
  Array.from({ length: tokens }, (_, i) => chunk({ content: `t${i} ` })).join('') +
  chunk({}, 'stop') +
  `data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":${tokens},"total_tokens":${tokens + 5}}}\n\n` +
  'data: [DONE]\n\n';
const jsonBody = JSON.stringify({
  id: 'z',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
});

const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const stream = raw.includes('"stream":true');
    res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
    res.end(stream ? streamBody : jsonBody);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/v1\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
