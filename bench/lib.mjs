// Shared helpers for the benchmarks under bench/: start the zero-latency server or the
// simulator in a child process, run the real CLI as a measured child, compute percentiles.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';

/** The package root (the folder above bench/), with a trailing slash. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function startZeroServer(env = {}) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./zero-server.mjs', import.meta.url))],
    {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`zero server exited ${code}`)));
  });
  return { url, close: () => child.stdin.end() };
}

/**
 * Starts `node FILE ARGV…` as a server in its own process and resolves, once it has printed its
 * base URL (the first http:// URL on its stdout; `/v1` added when missing), with
 * `{ url, pid, stop, kill }`: stop() ends its stdin (the simulator and zero-server.mjs exit
 * then), kill() sends SIGTERM (for a server that does not read its stdin). `env` is added to
 * this process's environment. Rejects if the server exits first.
 */
export function startServerProcess(file, argv = [], env = {}) {
  const child = spawn(process.execPath, [file, ...argv], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      text += d;
      const m = /(http:\/\/\S+)/.exec(text);
      if (m) {
        resolve({
          url: m[1].endsWith('/v1') ? m[1] : `${m[1]}/v1`,
          pid: child.pid,
          stop: () => child.stdin.end(),
          kill: () => child.kill(),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server ${file} exited ${code}`)));
  });
}

/** Writes the simulator profile `{ name, models }` to DIR/NAME.json; returns its path. */
export function writeSimProfile(dir, name, models) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, models }));
  return file;
}

/**
 * Starts the simulator entry FILE (default: this build's dist/bundle/simulator.js) on a free
 * port with the profile file PROFILE; resolves as startServerProcess does.
 */
export function startSimulator(profile, file = join(ROOT, 'dist/bundle/simulator.js')) {
  return startServerProcess(file, ['--port=0', `--profile=${profile}`]);
}

/**
 * The real CLI run as a user runs it, in its own process: `node --import bench/cpu-at-exit.mjs
 * CLI bench --base-url URL -m MODEL FLAGS… --json --no-tui --quiet`, with HOME and cwd `home`,
 * killed after `timeoutMs`. Resolves with its JSON result and its CPU and wall time as read at
 * its exit (`cpuMs` is user + system), written to HOME/cpu-TAG.json. Rejects if it was killed
 * or printed no result.
 */
export async function runCliBench({
  cli = join(ROOT, 'bin/shepherd'),
  home,
  url,
  model,
  flags,
  timeoutMs,
  tag,
}) {
  const cpuFile = join(home, `cpu-${tag}.json`);
  const argv = [
    // The GC bin/shepherd gives bench (in a relaunched child), given here so the measured
    // process is the one that runs it (a relay would write its own CPU at its exit).
    '--single-threaded-gc',
    '--import',
    join(ROOT, 'bench/cpu-at-exit.mjs'),
    cli,
    'bench',
    '--base-url',
    url,
    '-m',
    model,
    ...flags,
    '--json',
    '--no-tui',
    '--quiet',
  ];
  const child = spawn(process.execPath, argv, {
    cwd: home,
    env: { ...process.env, HOME: home, SHEPHERD_CPU_FILE: cpuFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`the CLI was killed (${signal}) after ${timeoutMs / 1000} s`));
      else if (!stdout.trim())
        reject(new Error(`the CLI printed no result (exit ${code}): ${stderr.slice(0, 500)}`));
      else resolve();
    });
  });
  const cpu = JSON.parse(readFileSync(cpuFile, 'utf8'));
  return { doc: JSON.parse(stdout), cpuMs: cpu.userMs + cpu.systemMs, wallMs: cpu.wallMs };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Settings for one model `m` on the `default` gateway at `url` (as the CLI resolves them). */
export function benchSettings(url) {
  return {
    gateways: { default: { name: 'default', baseUrl: url, headers: {}, keys: [] } },
    models: { m: { name: 'm', id: 'm', aliases: [], gateway: 'default' } },
    routes: { default: ['m'] },
    retry: { attempts: 1, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 10000 },
    breaker: { failures: 3, cooldownMs: 30000 },
    timeouts: {
      connectMs: 5000,
      firstTokenMs: 15000,
      idleMs: 10000,
      attemptMs: 60000,
      deadlineMs: 120000,
    },
    health: { maxLatencyMs: 2000, alertAfter: 3, recoverAfter: 2, intervalMs: 30000 },
    catalogue: { source: 'bench', asOf: '2026-11-23' },
    sources: {},
    stateFile: '/tmp/shepherd-bench-state.json',
    usageLedger: '/tmp/shepherd-bench-usage.jsonl',
  };
}

/** The one prompt every side sends. */
export const PROMPT = [{ role: 'user', content: 'hi' }];

/** The wire body shepherd sends for PROMPT (what the raw baselines send too). */
export function wireBody(stream) {
  const body = { model: 'm', messages: PROMPT, stream };
  if (stream) body.stream_options = { include_usage: true };
  return JSON.stringify(body);
}

/**
 * shepherd's engine as `shepherd bench -m m -c C` wires it (src/cli/bench/run-bench.ts):
 * a ShepherdClient as the runtime makes it (in-memory state), targets from buildTargets,
 * runBench with a closed loop. Returns { rps, result }. `listeners` are passed through.
 */
export async function shepherdEngine({
  url,
  stream,
  concurrency,
  durationMs,
  requests,
  listeners,
  client: given,
}) {
  const [{ ShepherdClient }, { buildTargets }, { runBench }] = await Promise.all([
    import('../dist/core/client.js'),
    import('../dist/cli/bench/targets.js'),
    import('../dist/bench/index.js'),
  ]);
  const settings = benchSettings(url);
  const client =
    given ?? new ShepherdClient({ settings, stateStore: null, userAgent: 'shepherd/bench' });
  const targets = buildTargets({ models: [settings.models.m] }, client, undefined);
  const result = await runBench({
    targets,
    prompts: [{ messages: PROMPT }],
    load: { mode: 'closed', concurrency },
    stop: durationMs !== undefined ? { durationMs } : { requests },
    stream,
    version: 'bench',
    ...(listeners ? { listeners } : {}),
  });
  if (!given) await client.close();
  const t = result.targets[0];
  const bad = t.requests - t.ok;
  if (bad > t.requests * 0.001 + 20) {
    throw new Error(
      `shepherd engine: ${bad} of ${t.requests} requests failed: ${JSON.stringify(t.errors)}`,
    );
  }
  return { rps: t.throughput_rps, requests: t.requests, ok: t.ok, result };
}

/** Prints rows (objects with the same keys) as an aligned table. */
export function printTable(rows) {
  const keys = Object.keys(rows[0]);
  const cells = [keys, ...rows.map((r) => keys.map((k) => String(r[k])))];
  const widths = keys.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  for (const c of cells) console.log(c.map((v, i) => v.padStart(widths[i])).join('  '));
}

/**
 * `concurrency` workers calling `once(agent)` in a loop for `seconds` over one keep-alive
 * undici Agent; returns completed requests per second. The raw baselines of the benchmarks.
 */
export async function rawWorkers(concurrency, seconds, once) {
  const agent = new Agent({ keepAliveTimeout: 30000 });
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await once(agent);
      n++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const rps = n / ((performance.now() - t0) / 1000);
  await agent.close();
  return rps;
}

/**
 * The minimal raw undici + SSE loop: one streamed request read to the end, split on blank
 * lines, each data line JSON-parsed. What shepherd's client is compared with.
 */
export async function rawSseOnce(url, dispatcher, body) {
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body,
  });
  if (res.statusCode !== 200) throw new Error(`raw: HTTP ${res.statusCode}`);
  let buf = '';
  for await (const chunk of res.body) {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const ev = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = ev.slice(6);
      if (data !== '[DONE]') JSON.parse(data);
    }
  }
}
