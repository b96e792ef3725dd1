// Memory over a long run (issue #5: RSS grows < 20 MB from 10k to 1M requests). One
// shepherd engine run (runBench + the real ShepherdClient, closed loop, concurrency 16,
// non-streaming to keep it fast) of --requests requests against the zero-latency server in
// its own process; at 10k requests and at checkpoints up to the last one, a full GC is
// forced (global.gc) and RSS and heap used are read, inside the run (from the `request`
// listener, so the run's own state is live). Run after `npm run build`:
//   node --expose-gc bench/memory.mjs [--requests 1000000] [--concurrency 16] [--stream]
import { parseArgs } from 'node:util';
import { startZeroServer, shepherdEngine, printTable } from './lib.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc bench/memory.mjs');
  process.exit(2);
}
const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '16' },
    stream: { type: 'boolean', default: false },
  },
});
const total = Number(args.requests);
const base = 10_000;
const checkpoints = new Set(
  [base, 100_000, 250_000, 500_000, 750_000, total].filter((n) => n <= total),
);
const server = await startZeroServer({ TOKENS: '64' });
const MB = 1024 * 1024;

const readings = [];
function read(label) {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  readings.push({ label, rss: m.rss / MB, heap: m.heapUsed / MB, ext: m.external / MB });
}

read('before');
let done = 0;
const t0 = performance.now();
const { requests, ok } = await shepherdEngine({
  url: server.url,
  stream: args.stream,
  concurrency: Number(args.concurrency),
  requests: total,
  listeners: {
    request: () => {
      done += 1;
      if (checkpoints.has(done)) read(done);
    },
  },
});
const seconds = (performance.now() - t0) / 1000;
read('after run');

const at = (label) => readings.find((r) => r.label === label);
const first = at(base);
const last = at(total);
console.log(
  `memory, ${args.stream ? 'streaming 64 tokens' : 'non-streaming'}, closed loop, concurrency ${args.concurrency}, ` +
    `${requests} requests (${ok} ok) in ${seconds.toFixed(0)} s, node ${process.version}`,
);
printTable(
  readings.map((r) => ({
    'after requests': typeof r.label === 'number' ? r.label.toLocaleString('en') : r.label,
    'RSS MB': r.rss.toFixed(1),
    'heap used MB': r.heap.toFixed(1),
    'external MB': r.ext.toFixed(1),
  })),
);
if (first && last) {
  const growth = last.rss - first.rss;
  console.log(
    `RSS growth ${base.toLocaleString('en')} → ${total.toLocaleString('en')}: ${growth.toFixed(1)} MB ` +
      `(heap used ${(last.heap - first.heap).toFixed(1)} MB); target < 20 MB → ${growth < 20 ? 'PASS' : 'FAIL'}`,
  );
}
server.close();
