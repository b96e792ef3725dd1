// A minimal streaming client for bench/accuracy.mjs: undici `Pool.dispatch()` with a bare
// handler, a clock read per body read, content events counted by a string search (no JSON
// parse, no SSE parser, no histograms until the end). It measures what `shepherd bench`
// measures (closed loop; latency and TTFT from the dispatch, every gap between content events,
// events in one read being 0 apart) at a fraction of the cost, so that against the same
// simulator it shows how much of an error is the CLI's and how much the machine's or the
// simulator's.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'undici';

const CONTENT = '"delta":{"content":"';

/** c loops over one Pool, n requests in all; exact p50s of latency, TTFT and ITL. */
export async function runReference({ url, c, n, model }) {
  const origin = url.replace(/\/v1$/, '');
  const pool = new Pool(origin, { connections: c, pipelining: 1, keepAliveTimeout: 60_000 });
  const body = JSON.stringify({
    model,
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: 256,
    messages: [{ role: 'user', content: 'hi' }],
  });
  const latency = [];
  const ttft = [];
  const itl = [];
  let errors = 0;
  let started = 0;
  const once = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      let last = -1;
      let tail = '';
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
          onData(chunk) {
            const now = performance.now();
            // Keep the end of the last read: a marker may be split across two reads.
            const text = tail + chunk.toString('latin1');
            let k = 0;
            for (let i = text.indexOf(CONTENT); i >= 0; i = text.indexOf(CONTENT, i + 1)) k++;
            tail = text.slice(-(CONTENT.length - 1));
            if (k > 0) {
              if (last < 0) ttft.push(now - t0);
              else itl.push(now - last);
              for (let j = 1; j < k; j++) itl.push(0);
              last = now;
            }
            return true;
          },
          onComplete() {
            latency.push(performance.now() - t0);
            resolve();
          },
          onError() {
            errors++;
            resolve();
          },
        },
      );
    });
  const loop = async () => {
    while (started < n) {
      started++;
      await once();
    }
  };
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: c }, loop));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  lag.disable();
  await pool.close();
  return {
    ok: latency.length,
    errors,
    latency: p50(latency),
    ttft: p50(ttft),
    itl: p50(itl),
    latencyMean: latency.reduce((a, b) => a + b, 0) / latency.length,
    count: { latency: latency.length, ttft: ttft.length, itl: itl.length },
    cpuPct: (100 * (cpu.user + cpu.system)) / 1000 / wall,
    lagP99: Math.max(0, lag.percentile(99) / 1e6 - 10),
    lagMax: Math.max(0, lag.max / 1e6 - 10),
  };
}

/** The value at rank ⌈n/2⌉ (HdrHistogram's rule, exact values). */
function p50(values) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)];
}
