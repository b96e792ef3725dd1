// Memory over a long run (issue #5: RSS grows < 20 MB from 10k to 1M requests; issue #19:
// or show with a 1M → 5M run that the growth is a one-time reservation). One shepherd engine
// run (runBench + the real ShepherdClient, closed loop, concurrency 16) of --requests
// requests against the zero-latency server in its own process. At each checkpoint (10k,
// 100k, 250k, 500k, 750k, then every 1M, and the last request) a full GC is forced
// (global.gc twice) and process.memoryUsage() is read inside the run (from the `request`
// listener, so the run's own state is live). --snapshot 1000000,5000000 also writes a V8
// heap snapshot at those checkpoints (into --snapshot-dir, default the working directory)
// to compare in DevTools; the snapshot's own cost shows in the readings after it, so
// measure and snapshot in separate runs. Run after `npm run build`:
//   node --expose-gc bench/memory.mjs [--requests 1000000] [--concurrency 16] [--stream]
//   node --expose-gc bench/memory.mjs --requests 5000000      # the 1M → 5M plateau check
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
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
    snapshot: { type: 'string', default: '' },
    'snapshot-dir': { type: 'string', default: '.' },
    smaps: { type: 'boolean', default: false },
  },
});
const total = Number(args.requests);
const base = 10_000;
const M = 1_000_000;
const early = [base, 100_000, 250_000, 500_000, 750_000];
const millions = Array.from({ length: Math.floor(total / M) }, (_, i) => (i + 1) * M);
const checkpoints = new Set([...early, ...millions, total].filter((n) => n <= total));
const snapshots = new Set(args.snapshot.split(',').filter(Boolean).map(Number));
const server = await startZeroServer({ TOKENS: '64' });
const MB = 1024 * 1024;

const readings = [];
let t0 = performance.now();
function read(label) {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  readings.push({
    label,
    rss: m.rss / MB,
    heapTotal: m.heapTotal / MB,
    heap: m.heapUsed / MB,
    ext: m.external / MB,
    ab: m.arrayBuffers / MB,
  });
  if (typeof label === 'number') {
    const r = readings.at(-1);
    const s = ((performance.now() - t0) / 1000).toFixed(0);
    console.error(
      `${label} requests (${s} s): RSS ${r.rss.toFixed(1)} MB, heap used ${r.heap.toFixed(1)} MB`,
    );
    if (args.smaps) console.error(`  ${rssByMapping()}`);
  }
  if (snapshots.has(label)) {
    const file = writeHeapSnapshot(join(args['snapshot-dir'], `memory-${label}.heapsnapshot`));
    console.error(`heap snapshot at ${label}: ${file}`);
  }
}

/**
 * --smaps (Linux): where the RSS lives, from /proc/self/smaps: `brk` is glibc's main malloc
 * arena; `native anon` the anonymous mappings at the top of the address space, where mmap puts
 * glibc's thread arenas, large mallocs and thread stacks; `V8 anon` the other anonymous
 * mappings (V8 places its heap pages at random lower addresses); `file` the node binary and
 * libraries. A heuristic split, for finding which side grows.
 */
function rssByMapping() {
  const groups = { brk: 0, 'native anon': 0, 'V8 anon': 0, file: 0, other: 0 };
  let group = 'other';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (m) {
      const name = m[2];
      if (name === '[heap]') group = 'brk';
      else if (name.startsWith('/')) group = 'file';
      else if (name !== '') group = 'other';
      else group = parseInt(m[1], 16) >= 0x7f0000000000 ? 'native anon' : 'V8 anon';
    } else if (line.startsWith('Rss:')) groups[group] += Number(line.split(/\s+/)[1]) / 1024;
  }
  return Object.entries(groups)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');
}

read('before');
let done = 0;
t0 = performance.now();
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
console.log(
  `memory, ${args.stream ? 'streaming 64 tokens' : 'non-streaming'}, closed loop, concurrency ${args.concurrency}, ` +
    `${requests} requests (${ok} ok) in ${seconds.toFixed(0)} s, node ${process.version}`,
);
printTable(
  readings.map((r) => ({
    'after requests': typeof r.label === 'number' ? r.label.toLocaleString('en') : r.label,
    'RSS MB': r.rss.toFixed(1),
    'heap total MB': r.heapTotal.toFixed(1),
    'heap used MB': r.heap.toFixed(1),
    'external MB': r.ext.toFixed(1),
    'arrayBuffers MB': r.ab.toFixed(1),
  })),
);
const growth = (from, to) => {
  const a = at(from);
  const b = at(to);
  if (!a || !b) return;
  const d = (k) => (b[k] - a[k]).toFixed(1);
  return `${from.toLocaleString('en')} → ${to.toLocaleString('en')}: RSS ${d('rss')} MB, heap used ${d('heap')} MB, external ${d('ext')} MB, arrayBuffers ${d('ab')} MB`;
};
const first = growth(base, Math.min(M, total));
if (first) {
  const rss = at(Math.min(M, total)).rss - at(base).rss;
  console.log(`growth ${first}; target RSS < 20 MB → ${rss < 20 ? 'PASS' : 'FAIL'}`);
}
if (total > M) {
  console.log(`growth ${growth(M, total)}`);
  const late = readings.filter((r) => typeof r.label === 'number' && r.label >= M);
  const span = (k) => {
    const xs = late.map((r) => r[k]);
    return `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
  };
  console.log(
    `range over the ${late.length} checkpoints from 1M: RSS ${span('rss')} MB, heap used ${span('heap')} MB`,
  );
}
server.close();
