// Client overhead: the same request, sequentially, through the minimal raw undici + SSE loop
// and through ShepherdClient.attempt (streaming, 64 tokens), against the zero-latency server in
// its own process. Overhead = p50(shepherd) − p50(raw). Run after `npm run build`:
//   node bench/client-overhead.mjs [N]
import { Agent } from 'undici';
import {
  benchSettings,
  percentile,
  PROMPT,
  rawSseOnce,
  startZeroServer,
  wireBody,
} from './lib.mjs';
import { ShepherdClient } from '../dist/core/client.js';

const N = Number(process.argv[2] ?? 3000);
const server = await startZeroServer({ TOKENS: '64' });
const url = `${server.url}/chat/completions`;
const body = wireBody(true);
const settings = benchSettings(server.url);
const client = new ShepherdClient({ settings, stateStore: null });
const model = settings.models.m;
const req = { messages: PROMPT, stream: true };
const agent = new Agent({ keepAliveTimeout: 30000 });

async function rawOnce() {
  const t0 = performance.now();
  await rawSseOnce(url, agent, body);
  return performance.now() - t0;
}

async function shepherdOnce() {
  const t0 = performance.now();
  const r = await client.attempt(model, req, { keepContent: false });
  if (r.outcome !== 'ok') throw new Error(r.message);
  return performance.now() - t0;
}

for (let i = 0; i < 300; i++) {
  await rawOnce();
  await shepherdOnce();
}
// Interleave so drift hits both alike.
const raw = [];
const shep = [];
for (let i = 0; i < N; i++) {
  raw.push(await rawOnce());
  shep.push(await shepherdOnce());
}
raw.sort((a, b) => a - b);
shep.sort((a, b) => a - b);
const fmt = (x) => x.toFixed(3);
console.log(
  `client overhead, streaming 64 tokens, ${N} sequential requests each, node ${process.version}`,
);
for (const p of [50, 90, 99]) {
  const a = percentile(raw, p);
  const b = percentile(shep, p);
  console.log(`p${p}: raw ${fmt(a)} ms  shepherd ${fmt(b)} ms  overhead ${fmt(b - a)} ms`);
}
await client.close();
await agent.close();
server.close();
