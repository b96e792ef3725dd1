// The client's CPU per SSE event (issue 19): the real CLI process, `node bin/shepherd bench
// --base-url URL -m m -c 16 -d Ns --json`, against a zero-latency server in its own process
// that answers every stream with 64 tokens in one write (role, 64 content events, finish,
// usage, [DONE]: 68 events). The CLI's CPU time (user + system, read at its exit) is divided
// by the events it received. Startup is taken out by running a short and a long run and
// dividing the difference in CPU by the difference in events (the marginal cost). Runs
// alternate short, long, short, long … Run after `npm run build`:
//   node bench/event-cost.mjs [--rounds 3] [--short 2] [--long 8] [--concurrency 16]
//                             [--tokens 64] [--server bench/zero-server.mjs] [--itl MS] [--json]
// --server takes bench/zero-server.mjs or any server that prints its base URL on its first
// line and reads `port tokens` from argv or TOKENS from the environment (the yardstick
// zero-server.cjs does). --itl MS serves the answers from the simulator instead (its own
// process, TTFT 0, MS between tokens), so that each event arrives in a read of its own, as
// at high concurrency against a paced server: the cost per read, not only per event.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  median,
  printTable,
  ROOT,
  runCliBench,
  startServerProcess,
  startSimulator,
  writeSimProfile,
} from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    short: { type: 'string', default: '2' },
    long: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '16' },
    tokens: { type: 'string', default: '64' },
    server: { type: 'string', default: join(ROOT, 'bench/zero-server.mjs') },
    itl: { type: 'string' },
    stream: { type: 'boolean', default: true },
    json: { type: 'boolean', default: false },
  },
});
const tokens = Number(args.tokens);
const eventsPerAnswer = tokens + 4;
const home = mkdtempSync(join(tmpdir(), 'shepherd-event-cost-'));
const server =
  args.itl === undefined
    ? await startServerProcess(resolve(args.server), ['0', String(tokens)], {
        TOKENS: String(tokens),
      })
    : await startSimulator(
        writeSimProfile(home, 'paced', {
          m: { ttftMs: 0, itlMs: Number(args.itl), outputTokens: tokens },
        }),
      );
const rows = [];
try {
  for (let round = 1; round <= Number(args.rounds); round++) {
    const load = loadavg()[0];
    const short = await runCli(Number(args.short), `s${round}`);
    const long = await runCli(Number(args.long), `l${round}`);
    const marginal = (1000 * (long.cpuMs - short.cpuMs)) / (long.events - short.events);
    rows.push({
      round,
      'short events': short.events,
      'long events': long.events,
      'long req/s': long.rps.toFixed(0),
      'long CPU %': long.cpuPct.toFixed(0),
      'µs/event (long run, startup incl.)': ((1000 * long.cpuMs) / long.events).toFixed(2),
      'µs/event (marginal)': marginal.toFixed(2),
      load: `${load.toFixed(2)}→${loadavg()[0].toFixed(2)}`,
    });
  }
} finally {
  server.kill();
  rmSync(home, { recursive: true, force: true });
}
if (args.json) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  console.log(
    `node ${process.version}; ${tokens} tokens (${eventsPerAnswer} events) per answer; -c ${args.concurrency}; ` +
      `short ${args.short} s, long ${args.long} s; ` +
      (args.itl === undefined ? `server ${args.server}` : `simulator, TTFT 0, ITL ${args.itl} ms`),
  );
  printTable(rows);
  const m = median(rows.map((r) => Number(r['µs/event (marginal)'])));
  console.log(`median marginal CPU per SSE event: ${m.toFixed(2)} µs`);
}

async function runCli(seconds, tag) {
  const { doc, cpuMs, wallMs } = await runCliBench({
    home,
    url: server.url,
    model: 'm',
    flags: ['-c', args.concurrency, '-d', `${seconds}s`],
    timeoutMs: (seconds * 3 + 30) * 1000,
    tag,
  });
  const t = doc.targets[0];
  return {
    cpuMs,
    cpuPct: (100 * cpuMs) / wallMs,
    events: t.ok * eventsPerAnswer,
    rps: t.throughput_rps,
  };
}
