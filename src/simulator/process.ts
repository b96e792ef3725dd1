import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ShepherdError, UsageError } from '../core/errors.js';
import { SIM_KEYS_ENV } from './options.js';

export { SIM_KEYS_ENV };

/**
 * The simulator as a child process, so it never shares the measuring process's event
 * loop. Resolves `../../dist/simulator/main.js` from this module: the same path from
 * src/simulator/ (tests) and dist/simulator/ (the installed CLI).
 */
export const SIMULATOR_MAIN = fileURLToPath(
  new URL('../../dist/simulator/main.js', import.meta.url),
);

export const START_TIMEOUT_MS = 10_000;

const LISTENING = /^shepherd simulator listening on (http:\/\/\S+)$/;

export interface SimulatorProcess {
  /** `http://127.0.0.1:PORT/v1` */
  url: string;
  pid: number;
  /** Stops the child (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. */
  close(): Promise<void>;
}

export class SimulatorStartError extends ShepherdError {
  constructor(message: string) {
    super('simulator', message);
  }
}

export interface SimulatorProcessOptions {
  profile?: string;
  seed?: number;
  apiKeys?: string[];
  /** Working directory of the child (relative profile paths). */
  cwd?: string;
  timeoutMs?: number;
}

export function startSimulatorProcess(
  options: SimulatorProcessOptions = {},
): Promise<SimulatorProcess> {
  if (!existsSync(SIMULATOR_MAIN)) {
    return Promise.reject(
      new SimulatorStartError(
        `simulator entry ${SIMULATOR_MAIN} is missing; run \`npm run build\` first`,
      ),
    );
  }
  const child = spawnSimulator(options);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  // The parent must not wait on the child's pipes or the child itself to exit.
  child.stdin?.on('error', () => {});
  return waitForListening(child, exited, options.timeoutMs ?? START_TIMEOUT_MS);
}

function spawnSimulator(options: SimulatorProcessOptions): ChildProcess {
  const args = [SIMULATOR_MAIN, '--port', '0', '--profile', options.profile ?? 'default'];
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[SIM_KEYS_ENV];
  if (options.apiKeys && options.apiKeys.length > 0) env[SIM_KEYS_ENV] = options.apiKeys.join(',');
  return spawn(process.execPath, args, {
    cwd: options.cwd ?? process.cwd(),
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal goes to the foreground group, and the
    // simulator must not stop (and cut every stream in flight into an error) before the
    // parent has stopped its run and counted those requests as cancelled. The parent stops
    // it with close(); if the parent dies first, the child's stdin closes and it exits.
    detached: true,
  });
}

/** Resolves on the child's "listening on URL" line; rejects on anything else, exit or timeout. */
function waitForListening(
  child: ChildProcess,
  exited: Promise<void>,
  timeoutMs: number,
): Promise<SimulatorProcess> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const fail = (message: string, usage = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopChild(child, exited);
      reject(usage ? new UsageError(message) : new SimulatorStartError(message));
    };
    const timer = setTimeout(
      () => fail(`the simulator did not start within ${timeoutMs / 1000}s`),
      timeoutMs,
    );
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      if (stderr.length < 4096) stderr += text;
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      if (settled) return; // keep draining so the child never blocks on a full pipe
      stdout += text;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const match = LISTENING.exec(stdout.slice(0, newline).trim());
      if (!match) {
        fail(
          `the simulator printed an unexpected first line: ${stdout.slice(0, newline).slice(0, 200)}`,
        );
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(listening(child, exited, match[1]!));
    });
    child.once('error', (err) => fail(`the simulator could not start: ${err.message}`));
    child.once('exit', (code, signal) => {
      const why = stderr
        .trim()
        .split('\n')[0]
        ?.replace(/^shepherd simulator: /, '');
      fail(
        why
          ? `the simulator failed to start: ${why}`
          : `the simulator exited before listening (${signal ?? `code ${code}`})`,
        code === 2, // a bad profile, port or seed: the caller's usage error
      );
    });
  });
}

function listening(child: ChildProcess, exited: Promise<void>, url: string): SimulatorProcess {
  // Never keep the parent alive: if it exits without close(), the child's stdin
  // closes and the child exits by itself.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as { unref?: () => void } | null)?.unref?.();
  }
  return { url, pid: child.pid ?? 0, close: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.stdin?.end();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(killer);
  }
  await exited;
}
