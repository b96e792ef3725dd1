// How close to its recorded time each send of a `--trace` replay leaves, as a user runs it:
// `node bin/shepherd bench --trace ...` in its own process against a gateway in another
// (test/helpers/arrival-gateway.mjs, loopback, port 0), RUNS times at each speed.
//
//   node bench/trace-timing.mjs [RUNS=20] [SPEEDS=1,2]     # after npm run build
//
// Prints, per speed: every send's sched_lag (the client's own actual send − recorded time /
// speed, read from the result's histogram), how many runs kept every send within 1 ms, and how
// far each request's arrival at the gateway strayed from the recorded gaps (offset against the
// run's earliest), apart for the requests that had to open their connection. The trace is the timing test's: 24 requests, gaps of 1, 3, 7, 20 and 45 ms
// in turn, every fourth prompt 3000 tokens.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Histogram } from '../dist/core/histogram.js';
import { percentile } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 20);
const speeds = (process.argv[3] ?? '1,2').split(',').map(Number);

const GAPS = [1, 3, 7, 20, 45];
const TIMES = [];
for (let i = 0, t = 0; i < 24; t += GAPS[i % GAPS.length], i++) TIMES.push(t);
const dir = mkdtempSync(join(tmpdir(), 'shepherd-trace-timing-'));
const trace = join(dir, 't.jsonl');
writeFileSync(
  trace,
  TIMES.map((t, i) =>
    JSON.stringify({
      timestamp: 1000 + t,
      input_length: i % 4 === 1 ? 3000 : 20 + i,
      output_length: 100 + i,
    }),
  ).join('\n') + '\n',
);

const gw = spawn(process.execPath, [join(root, 'test/helpers/arrival-gateway.mjs')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const port = await new Promise((r) => gw.stdout.once('data', (d) => r(JSON.parse(String(d)).port)));
const origin = `http://127.0.0.1:${port}`;
const arrivals = async () => (await fetch(`${origin}/arrivals`)).json();

function cli(args, home) {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [join(root, 'bin/shepherd'), ...args], {
      env: { PATH: process.env.PATH, HOME: home, CI: 'true' },
      cwd: home,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (code) => resolve({ code, stderr }));
  });
}

const fmt = (x) => x.toFixed(3);
const dist = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${fmt(percentile(s, 50))}  p90 ${fmt(percentile(s, 90))}  p99 ${fmt(percentile(s, 99))}  max ${fmt(s[s.length - 1])}`;
};

// Not counted: the gateway's own first requests.
{
  const home = mkdtempSync(join(dir, 'home-'));
  const args = ['bench', '--base-url', `${origin}/v1`, '-m', 'm', '--trace', trace, '--json'];
  const r = await cli(args, home);
  if (r.code !== 0) throw new Error(`warm-up replay exited ${r.code}: ${r.stderr}`);
}

console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const speed of speeds) {
  const lags = [];
  const offsets = [];
  const fresh = [];
  let clean = 0;
  for (let run = 0; run < runs; run++) {
    const home = mkdtempSync(join(dir, 'home-'));
    const out = join(home, 'r.json');
    const before = (await arrivals()).length;
    const r = await cli(
      [
        'bench',
        '--base-url',
        `${origin}/v1`,
        '-m',
        'm',
        '--trace',
        trace,
        '--trace-speed',
        String(speed),
        '--out',
        out,
      ],
      home,
    );
    if (r.code !== 0) throw new Error(`run ${run} exited ${r.code}: ${r.stderr}`);
    const target = JSON.parse(readFileSync(out, 'utf8')).targets[0];
    const runLags = [];
    for (const b of Histogram.decode(target.histograms.sched_lag).buckets()) {
      for (let n = 0; n < b.count; n++) runLags.push(b.valueMs);
    }
    lags.push(...runLags);
    const got = (await arrivals()).slice(before);
    const hits = TIMES.map((t, i) => got.find((a) => a.maxTokens === 100 + i));
    const offs = TIMES.map((t, i) => hits[i].at - t / speed);
    const min = Math.min(...offs);
    const rel = offs.map((o) => o - min);
    rel.forEach((o, i) => (hits[i].fresh ? fresh : offsets).push(o));
    if (Math.max(...runLags) <= 1) clean += 1;
    console.log(
      `speed ${speed} run ${String(run).padStart(2)}: sched_lag max ${fmt(Math.max(...runLags))}  arrival spread ${fmt(Math.max(...rel))}`,
    );
  }
  console.log(`\n--trace-speed ${speed}, ${runs} runs × ${TIMES.length} sends:`);
  console.log(
    `  sched_lag per send, ms:      ${dist(lags)}   (> 1 ms: ${lags.filter((x) => x > 1).length})`,
  );
  console.log(`  runs with every send ≤ 1 ms: ${clean}/${runs}`);
  console.log(
    `  arrival vs recorded gap, ms: ${dist(offsets)}   (> 2 ms: ${offsets.filter((x) => x > 2).length}/${offsets.length})`,
  );
  console.log(
    `    opening its connection:    ${dist(fresh)}   (> 6 ms: ${fresh.filter((x) => x > 6).length}/${fresh.length})\n`,
  );
}
console.log(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
gw.stdin.end();
