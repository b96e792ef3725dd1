// Streaming throughput, 64 tokens per answer, closed loop, concurrency 16 (issue #5:
// shepherd ≥ 0.8× a minimal raw undici + SSE-splitting loop). The raw loop (16 concurrent
// workers, the SSE handling of bench/client-overhead.mjs) and shepherd's engine (runBench +
// the real ShepherdClient, stream:true) take turns against the same zero-latency server in
// its own process, with the same body. Run after `npm run build`:
//   node bench/throughput-stream.mjs [--duration 10] [--rounds 3] [--concurrency 16] [--tokens 64]
import { parseArgs } from 'node:util';
import {
  startZeroServer,
  median,
  shepherdEngine,
  wireBody,
  printTable,
  rawWorkers,
  rawSseOnce,
} from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    tokens: { type: 'string', default: '64' },
  },
});
const durationS = Number(args.duration);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);
const server = await startZeroServer({ TOKENS: args.tokens });
const body = wireBody(true);
const url = `${server.url}/chat/completions`;

async function rawRun(seconds) {
  return rawWorkers(concurrency, seconds, (agent) => rawSseOnce(url, agent, body));
}

async function shepherdRun(seconds) {
  const { rps } = await shepherdEngine({
    url: server.url,
    stream: true,
    concurrency,
    durationMs: seconds * 1000,
  });
  return rps;
}

await rawRun(2);
await shepherdRun(2);
const rows = [];
for (let i = 0; i < rounds; i++) {
  const a = await rawRun(durationS);
  const s = await shepherdRun(durationS);
  rows.push({
    round: i + 1,
    'raw undici+SSE req/s': a.toFixed(0),
    'shepherd req/s': s.toFixed(0),
    ratio: (s / a).toFixed(3),
  });
}
const col = (k) => median(rows.map((r) => Number(r[k])));
const med = {
  round: 'median',
  'raw undici+SSE req/s': col('raw undici+SSE req/s').toFixed(0),
  'shepherd req/s': col('shepherd req/s').toFixed(0),
  ratio: col('ratio').toFixed(3),
};
console.log(
  `streaming (${args.tokens} tokens) closed loop, concurrency ${concurrency}, ${durationS} s per run, node ${process.version}`,
);
printTable([...rows, med]);
console.log(
  `target: shepherd ≥ 0.8× raw undici+SSE → ${Number(med.ratio) >= 0.8 ? 'PASS' : 'FAIL'}`,
);
server.close();
