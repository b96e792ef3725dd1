// Where the non-streaming gap to raw dispatch lies: the marginal CPU per request (µs, user+sys
// of this process, the difference between a short and a long run over the difference in
// requests, so start-up does not count) of
//   loop:   16 workers awaiting client.attempt() (the request path alone), and
//   engine: runBench's closed loop of 16 over the same client (dispatcher, stats, records),
// each in its own process, alternated, against one zero-latency server (16 connections).
// The engine's excess over the loop is the bench layer's cost per request.
//   node bench/engine-overhead.mjs [ROUNDS=2]     # after npm run build
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchSettings, startZeroServer } from './lib.mjs';

const SHORT = 100_000;
const LONG = 300_000;
const C = 16;

if (process.argv[2] === '--child') {
  const [, , , url, mode, n] = process.argv;
  const N = Number(n);
  const [{ ShepherdClient }, { buildTargets }, { runBench }] = await Promise.all([
    import('../dist/core/client.js'),
    import('../dist/cli/bench/targets.js'),
    import('../dist/bench/index.js'),
  ]);
  const settings = benchSettings(url);
  const client = new ShepherdClient({
    settings,
    stateStore: null,
    userAgent: 'shepherd/bench',
    connections: C,
  });
  const model = settings.models.m;
  const messages = Object.freeze([Object.freeze({ role: 'user', content: 'hi' })]);
  const c0 = process.cpuUsage();
  if (mode === 'engine') {
    await runBench({
      targets: buildTargets({ models: [model] }, client, undefined),
      prompts: [{ messages }],
      load: { mode: 'closed', concurrency: C },
      stop: { requests: N },
      stream: false,
      version: 'bench',
    });
  } else {
    const signal = new AbortController().signal;
    let left = N;
    const worker = async () => {
      while (left-- > 0) {
        await client.attempt(model, { messages, stream: false }, { signal, keepContent: false });
      }
    };
    await Promise.all(Array.from({ length: C }, worker));
  }
  const c = process.cpuUsage(c0);
  await client.close();
  console.log(c.user + c.system);
  process.exit(0);
}

const rounds = Number(process.argv[2] ?? 2);
const server = await startZeroServer();
const self = fileURLToPath(import.meta.url);
const cpuUs = (mode, n) => {
  const r = spawnSync(process.execPath, [self, '--child', server.url, mode, String(n)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${mode} ${n} exited ${r.status}: ${r.stderr}`);
  return Number(r.stdout.trim());
};
const marginal = (mode) => (cpuUs(mode, LONG) - cpuUs(mode, SHORT)) / (LONG - SHORT);
for (let i = 1; i <= rounds; i++) {
  const loop = marginal('loop');
  const engine = marginal('engine');
  console.log(
    `round ${i}: client.attempt loop ${loop.toFixed(2)} µs/request, bench engine ${engine.toFixed(2)} µs/request, engine − loop ${(engine - loop).toFixed(2)}`,
  );
}
server.close();
