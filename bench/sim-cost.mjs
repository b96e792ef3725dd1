// The simulator's own cost at high concurrency (issue 19): C streams kept in flight for S
// seconds by a minimal client (undici Pool.dispatch, body bytes counted, nothing parsed) against
// the simulator in its own process (TTFT 200 ms, ITL 20 ms, 10–64 tokens). Reports the
// simulator's CPU (from /proc: user + system, so Linux only) per stream and per read the client
// saw (about one per SSE write; fewer once a simulator that fell behind batches), and how many
// streams completed in the S seconds against the number a simulator that keeps time completes
// (renewal count: c·(S/μ − ½ + σ²/2μ²) for stream durations of mean μ and variance σ²).
// --sim takes another build's simulator entry to compare (A/B, alternated).
// Run after `npm run build`:
//   node bench/sim-cost.mjs [--concurrency 500,1000] [--seconds 8] [--rounds 2] [--sim FILE]…
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { printTable, ROOT, startSimulator, writeSimProfile } from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '500,1000' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    sim: { type: 'string', multiple: true, default: [join(ROOT, 'dist/bundle/simulator.js')] },
  },
});
const seconds = Number(args.seconds);
const meanStreamS = (200 + ((10 + 64) / 2 - 1) * 20) / 1000;
// Durations are uniform over 10–64 tokens: (64 − 10)·20 ms wide.
const varStreamS = ((64 - 10) * 0.02) ** 2 / 12;
const expectedPerStream = (s) => s / meanStreamS - 0.5 + varStreamS / (2 * meanStreamS ** 2);
const home = mkdtempSync(join(tmpdir(), 'shepherd-sim-cost-'));
const profile = writeSimProfile(home, 'accuracy', {
  'gpt-4.1': { id: 'gpt-4.1', ttftMs: 200, itlMs: 20, outputTokens: { uniform: [10, 64] } },
});
const body = JSON.stringify({
  model: 'gpt-4.1',
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'hi' }],
});
const rows = [];
try {
  for (let round = 1; round <= Number(args.rounds); round++) {
    for (const c of args.concurrency.split(',').map(Number)) {
      for (const sim of args.sim) rows.push({ round, c, sim, ...(await run(sim, c)) });
    }
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
console.log(
  `node ${process.version}; ${seconds} s per run; minimal client; /proc CPU of the simulator`,
);
printTable(
  rows.map((r) => ({
    round: r.round,
    c: r.c,
    simulator: r.sim.replace(ROOT, ''),
    streams: r.streams,
    'completed / on time': r.onTime.toFixed(3),
    reads: r.reads,
    'sim CPU %': r.cpuPct.toFixed(0),
    'sim µs/read': r.usPerRead.toFixed(1),
    'sim µs/stream': r.usPerStream.toFixed(0),
    'client CPU %': r.clientPct.toFixed(0),
    load: r.load,
  })),
);

async function run(simFile, c) {
  const load0 = loadavg()[0];
  const sim = await startSimulator(profile, simFile);
  const cpu = () => {
    const f = readFileSync(`/proc/${sim.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  };
  const pool = new Pool(sim.url.replace(/\/v1$/, ''), { connections: c, pipelining: 1 });
  let streams = 0;
  let inTime = 0;
  let reads = 0;
  let stop = false;
  const once = () =>
    new Promise((ok, fail) =>
      pool.dispatch(
        {
          path: '/v1/chat/completions',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        },
        {
          onConnect() {},
          onHeaders: () => true,
          onData: () => {
            reads += 1;
            return true;
          },
          onComplete: () => {
            streams += 1;
            if (!stop) inTime += 1;
            ok();
          },
          onError: fail,
        },
      ),
    );
  const loop = async () => {
    while (!stop) await once();
  };
  const self0 = process.cpuUsage();
  const cpu0 = cpu();
  const t0 = performance.now();
  const timer = setTimeout(() => (stop = true), seconds * 1000);
  await Promise.all(Array.from({ length: c }, loop));
  clearTimeout(timer);
  const wall = performance.now() - t0;
  const used = cpu() - cpu0;
  const self = process.cpuUsage(self0);
  await pool.close();
  sim.stop();
  return {
    streams,
    onTime: inTime / (c * expectedPerStream(seconds)),
    reads,
    cpuPct: (100 * used) / wall,
    usPerRead: (1000 * used) / reads,
    usPerStream: (1000 * used) / streams,
    clientPct: (100 * (self.user + self.system)) / 1000 / wall,
    load: `${load0.toFixed(2)}→${loadavg()[0].toFixed(2)}`,
  };
}
