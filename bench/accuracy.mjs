// Honest at high concurrency (issue 19): does `shepherd bench`, run as a user runs it, report
// what the server actually did? The simulator runs in its own process (TTFT 200 ms, ITL 20 ms,
// 10–64 tokens, uniform) and records what it sent when (GET /_sim/stats: the TTFT, latency and
// ITL histograms of its writes, and how late each timed send went out). For each concurrency
// the real CLI runs as a child process, `node bin/shepherd bench --base-url URL -m gpt-4.1
// -c C -n N --json`, and its p50 latency, TTFT and ITL are compared with the simulator's:
// the target is |client − server| ≤ 1 ms + 2 % of the server's figure. Also shown: the
// simulator's send lateness and CPU, the client's event-loop lag, CPU, warnings and CPU per
// SSE event, and the load average. After the CLI, a minimal reference client
// (bench/reference-client.mjs: undici dispatch, no parsing) runs the same level against the
// same simulator: when it holds the bound and the CLI does not, the CLI is what breaks it.
// Run after `npm run build`:
//   node bench/accuracy.mjs [--concurrency 50,500,1000] [--seconds 10] [--rounds 1]
//                           [--clients cli,reference] [--max-load 1.5] [--wait-quiet 300] [--json]
// Each run is bounded (killed after 3× its planned time + 30 s); the whole script by the sum.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { printTable, ROOT, runCliBench, startSimulator, writeSimProfile } from './lib.mjs';
import { runReference } from './reference-client.mjs';

const { values: args } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '50,500,1000' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    clients: { type: 'string', default: 'cli,reference' },
    ttft: { type: 'string', default: '200' },
    itl: { type: 'string', default: '20' },
    tokens: { type: 'string', default: '10..64' },
    'max-load': { type: 'string' },
    'wait-quiet': { type: 'string', default: '300' },
    cli: { type: 'string', default: join(ROOT, 'bin/shepherd') },
    sim: { type: 'string', default: join(ROOT, 'dist/bundle/simulator.js') },
    json: { type: 'boolean', default: false },
  },
});
const levels = args.concurrency.split(',').map(Number);
const seconds = Number(args.seconds);
const [lo, hi] = args.tokens.split('..').map(Number);
const ttft = Number(args.ttft);
const itl = Number(args.itl);
const meanStreamS = (ttft + ((lo + hi) / 2 - 1) * itl) / 1000;
const log = (line) => process.stderr.write(`${line}\n`);

const home = mkdtempSync(join(tmpdir(), 'shepherd-accuracy-'));
const profile = writeSimProfile(home, 'accuracy', {
  'gpt-4.1': { id: 'gpt-4.1', ttftMs: ttft, itlMs: itl, outputTokens: { uniform: [lo, hi] } },
});

const sim = await startSimulator(profile, args.sim);
const control = sim.url.replace(/\/v1$/, '/_sim');
const results = [];
try {
  for (let round = 1; round <= Number(args.rounds); round++) {
    for (const c of levels) {
      await quietEnough(); // once per level: the clients of a level run back to back
      for (const who of args.clients.split(',')) {
        const load = loadavg()[0];
        const r = who === 'reference' ? await runLevel(c, reference) : await runLevel(c, cli);
        results.push({
          round,
          concurrency: c,
          who,
          loadBefore: load,
          loadAfter: loadavg()[0],
          ...r,
        });
        if (!args.json) report(results.at(-1));
      }
    }
  }
} finally {
  sim.stop();
  rmSync(home, { recursive: true, force: true });
}
if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else summary(results);

/** One level: reset the simulator, run a client, read both sides. */
async function runLevel(c, client) {
  const n = Math.max(c, Math.round((c * seconds) / meanStreamS));
  await fetch(`${control}/reset`, { method: 'POST' });
  const before = await simStats();
  log(
    `c=${c}: ${n} requests (~${((n / c) * meanStreamS).toFixed(0)} s), load ${loadavg()[0].toFixed(2)}`,
  );
  const t0 = performance.now();
  const seen = await client(c, n);
  const wallMs = performance.now() - t0;
  const after = await simStats();
  const simCpuMs =
    after.cpu_ms.user + after.cpu_ms.system - before.cpu_ms.user - before.cpu_ms.system;
  return {
    requests: n,
    ok: seen.ok,
    errors: seen.errors,
    client: seen.client,
    server: {
      latency: after.latency_ms.p50,
      ttft: after.ttft_ms.p50,
      itl: after.itl_ms.p50,
      latencyMean: after.latency_ms.mean,
      count: {
        latency: after.latency_ms.count,
        ttft: after.ttft_ms.count,
        itl: after.itl_ms.count,
      },
      lateP50: after.late_ms.p50,
      lateP99: after.late_ms.p99,
      lateMax: after.late_ms.max,
      cpuPct: (100 * simCpuMs) / wallMs,
    },
  };
}

/** The real CLI as a child process; its CPU read at its exit. */
async function cli(c, n) {
  const {
    doc,
    cpuMs: clientCpuMs,
    wallMs,
  } = await runCliBench({
    cli: args.cli,
    home,
    url: sim.url,
    model: 'gpt-4.1',
    flags: ['-c', String(c), '-n', String(n)],
    timeoutMs: (seconds * 3 + 30) * 1000,
    tag: c,
  });
  const t = doc.targets[0];
  const events = t.output_tokens + 4 * t.ok; // role, content…, finish, usage, [DONE]
  return {
    ok: t.ok,
    errors: t.errors,
    client: {
      latency: t.latency_ms.p50,
      ttft: t.ttft_ms.p50,
      itl: t.itl_ms.p50,
      latencyMean: t.latency_ms.mean,
      count: { latency: t.latency_ms.count, ttft: t.ttft_ms.count, itl: t.itl_ms.count },
      lagP99: doc.client.event_loop_lag_ms.p99,
      lagMax: doc.client.event_loop_lag_ms.max,
      warnings: doc.client.warnings,
      cpuPct: (100 * clientCpuMs) / wallMs,
      usPerEvent: (1000 * clientCpuMs) / events,
      events,
    },
  };
}

/** The minimal reference client, in this process (idle otherwise: its own core share). */
async function reference(c, n) {
  const r = await runReference({ url: sim.url, c, n, model: 'gpt-4.1' });
  return {
    ok: r.ok,
    errors: r.errors ? { any: r.errors } : {},
    client: { ...r, warnings: [], usPerEvent: null, events: null },
  };
}

function within(client, server) {
  const err = client - server;
  const bound = 1 + 0.02 * server;
  return { err, bound, ok: Math.abs(err) <= bound };
}

function report(r) {
  const f = (v, d = 1) => (v == null ? '—' : v.toFixed(d));
  const rows = ['latency', 'ttft', 'itl'].map((k) => {
    const w = within(r.client[k], r.server[k]);
    return {
      [`c=${r.concurrency} ${r.who}`]: `${k} p50`,
      'client ms': f(r.client[k], 2),
      'server ms': f(r.server[k], 2),
      'error ms': `${w.err >= 0 ? '+' : ''}${f(w.err, 2)} (${f((100 * w.err) / r.server[k], 1)} %)`,
      'bound ms': `±${f(w.bound, 2)}`,
      result: w.ok ? 'PASS' : 'FAIL',
    };
  });
  console.log();
  printTable(rows);
  console.log(
    `mean latency: client ${f(r.client.latencyMean, 2)}, server ${f(r.server.latencyMean, 2)} ms; ` +
      `samples (latency/ttft/itl): client ${Object.values(r.client.count).join('/')}, server ${Object.values(r.server.count).join('/')}`,
  );
  console.log(
    `ok ${r.ok}/${r.requests}${Object.keys(r.errors).length ? ` errors ${JSON.stringify(r.errors)}` : ''}; ` +
      `simulator: send late p50 ${f(r.server.lateP50, 2)} / p99 ${f(r.server.lateP99, 1)} / max ${f(r.server.lateMax, 1)} ms, CPU ${f(r.server.cpuPct, 0)} %; ` +
      `client: lag p99 ${f(r.client.lagP99, 1)} / max ${f(r.client.lagMax, 1)} ms, CPU ${f(r.client.cpuPct, 0)} %, ` +
      (r.client.usPerEvent == null
        ? ''
        : `${f(r.client.usPerEvent, 1)} µs CPU per SSE event (${r.client.events} events, startup included); `) +
      `load ${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)}`,
  );
  for (const w of r.client.warnings) console.log(`client warning: ${w}`);
}

function summary(all) {
  console.log();
  console.log(
    `node ${process.version}; simulator TTFT ${ttft} ms, ITL ${itl} ms, ${lo}–${hi} tokens; ~${seconds} s per run; bound 1 ms + 2 %`,
  );
  printTable(
    all.map((r) => {
      const cell = (k) => {
        const w = within(r.client[k], r.server[k]);
        return `${w.err >= 0 ? '+' : ''}${w.err.toFixed(2)} ${w.ok ? 'ok' : 'OVER'}`;
      };
      return {
        round: r.round,
        c: r.concurrency,
        client: r.who,
        'latency err ms': cell('latency'),
        'ttft err ms': cell('ttft'),
        'itl err ms': cell('itl'),
        'sim late p99 ms': r.server.lateP99?.toFixed(1) ?? '—',
        'sim CPU %': r.server.cpuPct.toFixed(0),
        'client lag p99 ms': r.client.lagP99?.toFixed(1) ?? '—',
        'client CPU %': r.client.cpuPct.toFixed(0),
        'client warned': r.who === 'reference' ? '—' : r.client.warnings.length > 0 ? 'yes' : 'no',
        load: `${r.loadBefore.toFixed(2)}→${r.loadAfter.toFixed(2)}`,
      };
    }),
  );
}

/** With --max-load, waits (up to --wait-quiet s) for the 1-minute load average to drop under it. */
async function quietEnough() {
  if (args['max-load'] === undefined) return;
  const max = Number(args['max-load']);
  const deadline = performance.now() + Number(args['wait-quiet']) * 1000;
  let said = false;
  while (loadavg()[0] >= max && performance.now() < deadline) {
    if (!said) log(`waiting for load < ${max} (now ${loadavg()[0].toFixed(2)})`);
    said = true;
    await new Promise((r) => setTimeout(r, 5000));
  }
}

async function simStats() {
  const res = await fetch(`${control}/stats`);
  if (!res.ok)
    throw new Error(`GET /_sim/stats: ${res.status} (a simulator without a send record?)`);
  return res.json();
}
