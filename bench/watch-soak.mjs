// Soak of `shepherd health --watch` at a 20 ms interval (issue 17 item 11): does RSS plateau?
// Spawns the real CLI (bin/shepherd, the built dist) against the zero-latency server in its
// own process, reads the child's RSS from /proc/<pid>/status every --sample seconds, and
// prints the series and the growth over each quarter of the run. Plateau = the last quarter
// grows less than --tolerance MB. Bounded by --rounds and --seconds. Run after `npm run build`:
//   node bench/watch-soak.mjs [--rounds 6000] [--seconds 180] [--interval 20ms] [--sample 5]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startZeroServer } from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6000' },
    seconds: { type: 'string', default: '180' },
    interval: { type: 'string', default: '20ms' },
    sample: { type: 'string', default: '5' },
    tolerance: { type: 'string', default: '2' },
    probe: { type: 'string', default: 'completion' },
  },
});

const server = await startZeroServer({ TOKENS: '1' });
const home = mkdtempSync(join(tmpdir(), 'shepherd-soak-'));
const bin = fileURLToPath(new URL('../bin/shepherd', import.meta.url));
const child = spawn(
  process.execPath,
  [
    bin,
    'health',
    '--watch',
    '--json',
    '--interval',
    args.interval,
    '--count',
    args.rounds,
    '--probe',
    args.probe,
    '--base-url',
    server.url,
    'm',
  ],
  {
    env: { PATH: process.env.PATH, HOME: home, XDG_STATE_HOME: join(home, 'state') },
    stdio: ['ignore', 'pipe', 'ignore'],
  },
);
let rounds = 0;
let partial = '';
child.stdout.on('data', (d) => {
  const lines = (partial + d).split('\n');
  partial = lines.pop();
  rounds += lines.filter((l) => l.includes('"round"') || l.includes('checked_at')).length;
});

const rssMb = () => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

const samples = [];
const t0 = performance.now();
const timer = setInterval(
  () => {
    const s = (performance.now() - t0) / 1000;
    samples.push({ s, rounds, rss: rssMb() });
    if (s >= Number(args.seconds)) child.kill('SIGINT');
  },
  Number(args.sample) * 1000,
);
await new Promise((resolve) => child.on('exit', resolve));
clearInterval(timer);
server.close();

const valid = samples.filter((x) => Number.isFinite(x.rss));
console.log(
  `health --watch --interval ${args.interval}, --probe ${args.probe}: ${rounds} rounds in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
console.log('   s   rounds   RSS MB');
for (const x of valid)
  console.log(
    `${x.s.toFixed(0).padStart(4)} ${String(x.rounds).padStart(8)} ${x.rss.toFixed(1).padStart(8)}`,
  );
const q = Math.floor(valid.length / 4);
if (q >= 1) {
  const at = (i) => valid[Math.min(valid.length - 1, i)].rss;
  // Quarters of the samples; the last one runs to the last sample.
  const growth = [0, 1, 2].map((k) => at((k + 1) * q) - at(k * q));
  const last = at(valid.length - 1) - at(3 * q);
  growth.push(last);
  console.log(`growth per quarter (MB): ${growth.map((g) => g.toFixed(1)).join(', ')}`);
  console.log(
    last < Number(args.tolerance)
      ? 'plateau: yes'
      : 'plateau: NO (still growing in the last quarter)',
  );
}
