import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { scriptedServer, status, type Handler } from '../helpers/scripted-server.js';

/** Scripted gateways: exact wire checks the simulator does not model. */
type Server = Awaited<ReturnType<typeof scriptedServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(srv: Server, args: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-health-'));
  writeFileSync(
    join(home, 'shepherd.config.json'),
    JSON.stringify({
      gateways: { default: { baseUrl: srv.url } },
      models: { m: { id: 'm', price: { input: 1, output: 2 } } },
      routes: { default: ['m'] },
    }),
  );
  const io = memoryIo({ env: { HOME: home, XDG_STATE_HOME: join(home, 'state') }, cwd: home });
  const code = await main(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/** A 1-token stream that ends with finish_reason `length`, as real gateways do. */
const oneToken: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const c = (choices: unknown[], extra = {}) =>
    res.write(`data: ${JSON.stringify({ id: 'x', choices, ...extra })}\n\n`);
  c([{ index: 0, delta: { role: 'assistant', content: 'P' }, finish_reason: null }]);
  c([{ index: 0, delta: {}, finish_reason: 'length' }]);
  c([], { usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 } });
  res.end('data: [DONE]\n\n');
};

describe('health probes on the wire', () => {
  it('the completion probe sends ping with max_tokens 1, streamed with usage; `length` is up', async () => {
    server = await scriptedServer({ m: [oneToken] });
    const r = await run(server, ['health', '--json']);
    expect(r.code).toBe(0);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: {
        model: 'm',
        messages: [{ role: 'user', content: 'ping' }],
        max_tokens: 1,
        stream: true,
        stream_options: { include_usage: true },
      },
    });
    const doc = JSON.parse(r.stdout);
    expect(doc.models[0]).toMatchObject({ status: 'up', http_status: 200 });
    expect(doc.cost_usd).toBe(0.00001); // 8 × $1/M + 1 × $2/M
  });

  it('a plain 400 to the probe is down/bad_request, never up', async () => {
    server = await scriptedServer({
      m: [status(400, { error: { message: 'max_tokens too small' } })],
    });
    const r = await run(server, ['health', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).models[0]).toMatchObject({
      status: 'down',
      class: 'bad_request',
      http_status: 400,
      message: expect.stringContaining('max_tokens too small'),
    });
  });

  it('--probe endpoint on a gateway without /health: not_found with a hint', async () => {
    server = await scriptedServer({ '/v1/health': [status(404)] });
    const r = await run(server, ['health', '--probe', 'endpoint', '--json']);
    expect(r.code).toBe(1);
    expect(server.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /v1/health']);
    expect(JSON.parse(r.stdout).models[0]).toMatchObject({
      status: 'down',
      class: 'not_found',
      message: expect.stringMatching(/try --probe models/),
    });
  });

  it('--probe models: an error status is classified, a body that is not a list is bad_response', async () => {
    server = await scriptedServer({ '/v1/models': [status(503), status(200, { hello: 1 })] });
    const first = JSON.parse((await run(server, ['health', '--probe', 'models', '--json'])).stdout);
    expect(first.models[0]).toMatchObject({
      status: 'down',
      class: 'server_error',
      http_status: 503,
    });
    const second = JSON.parse(
      (await run(server, ['health', '--probe', 'models', '--json'])).stdout,
    );
    expect(second.models[0]).toMatchObject({
      status: 'down',
      class: 'bad_response',
      http_status: 200,
    });
  });
});
