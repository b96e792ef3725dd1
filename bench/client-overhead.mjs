// Client overhead: the same request, sequentially, through a raw undici request and through
// ShepherdClient.attempt (streaming, 64 tokens), against the zero-latency server in its own
// process. Overhead = p50(shepherd) − p50(raw). Run after `npm run build`:
//   node bench/client-overhead.mjs [N]
import { Agent, request } from 'undici';
import { startZeroServer, percentile } from './lib.mjs';
import { ShepherdClient } from '../dist/core/client.js';

const N = Number(process.argv[2] ?? 3000);
const server = await startZeroServer({ TOKENS: '64' });
const body = JSON.stringify({
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
});

async function rawOnce(dispatcher) {
  const t0 = performance.now();
  const res = await request(`${server.url}/chat/completions`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json' },
    body,
  });
  // Minimal SSE handling: split on blank lines, parse each data line.
  let buf = '';
  for await (const chunk of res.body) {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const ev = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = ev.slice(6);
      if (data !== '[DONE]') JSON.parse(data);
    }
  }
  return performance.now() - t0;
}

const settings = {
  gateways: { default: { name: 'default', baseUrl: server.url, headers: {}, keys: [] } },
  models: { m: { name: 'm', id: 'm', aliases: [], gateway: 'default' } },
  routes: { default: ['m'] },
  retry: { attempts: 1, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 10000 },
  breaker: { failures: 3, cooldownMs: 30000 },
  timeouts: {
    connectMs: 5000,
    firstTokenMs: 15000,
    idleMs: 10000,
    attemptMs: 60000,
    deadlineMs: 120000,
  },
  health: { maxLatencyMs: 2000, alertAfter: 3, recoverAfter: 2, intervalMs: 30000 },
  catalogue: { source: 'bench', asOf: '2026-11-23' },
  sources: {},
  stateFile: '/tmp/shepherd-bench-state.json',
  usageLedger: '/tmp/shepherd-bench-usage.jsonl',
};
const client = new ShepherdClient({ settings, stateStore: null });
const model = settings.models.m;
const req = { messages: [{ role: 'user', content: 'hi' }], stream: true };

async function shepherdOnce() {
  const t0 = performance.now();
  const r = await client.attempt(model, req, { keepContent: false });
  if (r.outcome !== 'ok') throw new Error(r.message);
  return performance.now() - t0;
}

const agent = new Agent({ keepAliveTimeout: 30000 });
const raw = [];
const shep = [];
for (let i = 0; i < 300; i++) {
  await rawOnce(agent);
  await shepherdOnce();
}
// Interleave so drift hits both alike.
for (let i = 0; i < N; i++) {
  raw.push(await rawOnce(agent));
  shep.push(await shepherdOnce());
}
raw.sort((a, b) => a - b);
shep.sort((a, b) => a - b);
const fmt = (x) => x.toFixed(3);
const rows = [50, 90, 99].map((p) => ({
  p,
  raw: percentile(raw, p),
  shepherd: percentile(shep, p),
}));
console.log(
  `client overhead, streaming 64 tokens, ${N} sequential requests each, node ${process.version}`,
);
for (const r of rows) {
  console.log(
    `p${r.p}: raw ${fmt(r.raw)} ms  shepherd ${fmt(r.shepherd)} ms  overhead ${fmt(r.shepherd - r.raw)} ms`,
  );
}
await client.close();
await agent.close();
server.close();
