// Shared helpers for the benchmarks under bench/: start the zero-latency server in a child
// process and compute percentiles.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
