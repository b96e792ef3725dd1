// The bench engine's own cost per request, without HTTP: runBench's closed loop of 16 over a
// target whose send resolves at once with a finished record, against 16 workers awaiting the
// same send. CPU per request (µs, user+sys of this process over N requests, start-up included
// but small at N = 1M). Compare with bench/engine-overhead.mjs (the same two over real HTTP).
//   node bench/engine-fake.mjs [N=1000000]     # after npm run build
const N = Number(process.argv[2] ?? 1_000_000);
const [{ runBench }, { newAttempt }] = await Promise.all([
  import('../dist/bench/index.js'),
  import('../dist/core/result.js'),
]);

function finished() {
  const r = newAttempt(
    { model: 'm', modelId: 'm', gateway: 'default', baseUrl: 'http://x/v1', stream: false },
    Date.now(),
    performance.now(),
  );
  Object.assign(r, {
    outcome: 'ok',
    end: performance.now(),
    httpStatus: 200,
    finishReason: 'stop',
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    tokensSource: 'usage',
    contentChunks: 1,
  });
  r.firstToken = r.end;
  return r;
}
const target = { name: 'm', model: 'm', baseUrl: 'http://x/v1', send: async () => finished() };
const messages = [{ role: 'user', content: 'hi' }];

async function measure(run) {
  const c0 = process.cpuUsage();
  await run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / N;
}

const loop = await measure(async () => {
  let left = N;
  const req = { messages, stream: false };
  const worker = async () => {
    while (left-- > 0) await target.send(req, {});
  };
  await Promise.all(Array.from({ length: 16 }, worker));
});
const engine = await measure(() =>
  runBench({
    targets: [target],
    prompts: [{ messages }],
    load: { mode: 'closed', concurrency: 16 },
    stop: { requests: N },
    stream: false,
    version: 'bench',
  }),
);
console.log(
  `${N} requests: plain loop ${loop.toFixed(3)} µs/request, bench engine ${engine.toFixed(3)} µs/request, engine − loop ${(engine - loop).toFixed(3)}`,
);
