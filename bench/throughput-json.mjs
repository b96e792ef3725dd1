// Non-streaming throughput, closed loop, 16 connections (issue #5: shepherd ≥ 0.9× autocannon).
// autocannon (programmatic API, POST, the same JSON body, 16 connections, pipelining 1) and
// shepherd's engine (runBench + the real ShepherdClient, concurrency 16, stream:false)
// take turns against the same zero-latency server in its own process: A B A B ...
// so drift on a shared machine hits both alike. A third side, raw undici (16 workers, the
// same request, JSON parsed), is a reference that splits the gap into transport (undici vs
// autocannon's pre-built request) and shepherd's own work over undici. Run after `npm run build`:
//   node bench/throughput-json.mjs [--duration 10] [--rounds 3] [--connections 16]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { request } from 'undici';
import {
  startZeroServer,
  median,
  shepherdEngine,
  wireBody,
  printTable,
  rawWorkers,
} from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
  },
});
const durationS = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const server = await startZeroServer();
const body = wireBody(false);

async function autocannonRun(seconds) {
  const r = await autocannon({
    url: `${server.url}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
    connections,
    pipelining: 1,
    duration: seconds,
  });
  if (r.errors || r.non2xx) throw new Error(`autocannon: ${r.errors} errors, ${r.non2xx} non-2xx`);
  return r.requests.total / (r.duration || seconds);
}

/** Reference: 16 workers each sending the same request through raw undici and parsing the JSON. */
async function undiciRun(seconds) {
  const url = `${server.url}/chat/completions`;
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  return rawWorkers(connections, seconds, async (agent) => {
    const res = await request(url, { method: 'POST', dispatcher: agent, headers, body });
    if (res.statusCode !== 200) throw new Error(`undici: HTTP ${res.statusCode}`);
    JSON.parse(await res.body.text());
  });
}

async function shepherdRun(seconds) {
  const { rps } = await shepherdEngine({
    url: server.url,
    stream: false,
    concurrency: connections,
    durationMs: seconds * 1000,
  });
  return rps;
}

// Warm both paths (JIT, connections) before measuring.
await autocannonRun(2);
await undiciRun(2);
await shepherdRun(2);
const rows = [];
for (let i = 0; i < rounds; i++) {
  const a = await autocannonRun(durationS);
  const u = await undiciRun(durationS);
  const s = await shepherdRun(durationS);
  rows.push({
    round: i + 1,
    'autocannon req/s': a.toFixed(0),
    'shepherd req/s': s.toFixed(0),
    ratio: (s / a).toFixed(3),
    'ref: raw undici req/s': u.toFixed(0),
    'undici/autocannon': (u / a).toFixed(3),
    'shepherd/undici': (s / u).toFixed(3),
  });
}
const col = (k) => median(rows.map((r) => Number(r[k])));
const med = { round: 'median' };
for (const k of Object.keys(rows[0]).slice(1)) med[k] = col(k).toFixed(k.endsWith('req/s') ? 0 : 3);
console.log(
  `non-streaming closed loop, ${connections} connections, ${durationS} s per run, node ${process.version}`,
);
printTable([...rows, med]);
console.log(`target: shepherd ≥ 0.9× autocannon → ${Number(med.ratio) >= 0.9 ? 'PASS' : 'FAIL'}`);
server.close();
