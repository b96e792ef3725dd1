// What the live TUI costs (issue #5: < 10% of throughput). shepherd's engine (runBench + the
// real ShepherdClient, closed loop, concurrency 16, streaming 64 tokens by default) runs with
// and without the live view, taking turns against the same zero-latency server in its own
// process. "Without" is the non-TTY path of `shepherd bench` (progress events feed the
// FrameBuilder, nothing is drawn); "with" adds startLiveView exactly as cli/bench/progress-display.ts wires it
// (poll: () => frames.frame, update() on every progress event), drawn with ink onto a fake
// terminal (isTTY, 120×40) that discards the output. Run after `npm run build`:
//   node bench/tui-cost.mjs [--duration 10] [--rounds 3] [--concurrency 16] [--json]
import { EventEmitter } from 'node:events';
import { parseArgs } from 'node:util';
import { startZeroServer, median, shepherdEngine, printTable } from './lib.mjs';
import { FrameBuilder } from '../dist/cli/bench/live-output.js';
import { startLiveView } from '../dist/ui/live-view.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    json: { type: 'boolean', default: false },
  },
});
const durationS = Number(args.duration);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);
const stream = !args.json;
const server = await startZeroServer({ TOKENS: '64' });

/** A terminal that draws nowhere: ink sees a TTY of 120×40; bytes are counted, then dropped. */
class NullTty extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  bytes = 0;
  writes = 0;
  write = (chunk, cb) => {
    this.bytes += chunk.length;
    this.writes += 1;
    if (typeof cb === 'function') cb();
    return true;
  };
}
/** A non-TTY stdin, so the view does not take raw mode on the real terminal. */
class NullIn extends EventEmitter {
  isTTY = false;
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

async function run(withTui) {
  const durationMs = durationS * 1000;
  const frames = new FrameBuilder({
    title: `shepherd bench · closed loop, concurrency ${concurrency}`,
    totalMs: durationMs,
  });
  const out = new NullTty();
  const live = withTui
    ? startLiveView({
        stdout: out,
        stdin: new NullIn(),
        color: true,
        onQuit: () => undefined,
        poll: () => frames.frame,
      })
    : undefined;
  const { rps } = await shepherdEngine({
    url: server.url,
    stream,
    concurrency,
    durationMs,
    listeners: {
      progress: (e) => {
        const frame = frames.progress(e);
        live?.update(frame);
      },
    },
  });
  if (live) await live.stop(frames.finish(false));
  if (withTui && out.writes < durationS * 3) {
    throw new Error(`the live view painted only ${out.writes} times in ${durationS} s`);
  }
  return { rps, writes: out.writes, bytes: out.bytes };
}

await run(false);
await run(true);
const rows = [];
for (let i = 0; i < rounds; i++) {
  const a = await run(false);
  const b = await run(true);
  rows.push({
    round: i + 1,
    'no TUI req/s': a.rps.toFixed(0),
    'TUI req/s': b.rps.toFixed(0),
    'TUI writes/s': (b.writes / durationS).toFixed(1),
    cost: `${((1 - b.rps / a.rps) * 100).toFixed(1)}%`,
  });
}
const col = (k) => median(rows.map((r) => parseFloat(r[k])));
const cost = col('cost');
rows.push({
  round: 'median',
  'no TUI req/s': col('no TUI req/s').toFixed(0),
  'TUI req/s': col('TUI req/s').toFixed(0),
  'TUI writes/s': col('TUI writes/s').toFixed(1),
  cost: `${cost.toFixed(1)}%`,
});
console.log(
  `live TUI cost, ${stream ? 'streaming 64 tokens' : 'non-streaming'}, closed loop, concurrency ${concurrency}, ${durationS} s per run, node ${process.version}`,
);
printTable(rows);
console.log(`target: TUI costs < 10% of throughput → ${cost < 10 ? 'PASS' : 'FAIL'}`);
server.close();
