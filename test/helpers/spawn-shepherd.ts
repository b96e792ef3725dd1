import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { homeEnv } from './home-env.js';

export const BIN = join(import.meta.dirname, '../../bin/shepherd');

/** Spawns bin/shepherd (the built dist) with a clean temp HOME; bounded by `timeoutMs`. */
export function shepherd(
  args: string[],
  options: {
    env?: Record<string, string>;
    stdin?: string;
    onStdout?: (text: string, kill: (s: NodeJS.Signals) => void, closeStdout: () => void) => void;
    onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void;
    timeoutMs?: number;
    home?: string;
    /**
     * Run it as the leader of its own process group and send `kill` signals to the whole
     * group, as a terminal's Ctrl-C does (children such as the --simulate server get it too).
     */
    group?: boolean;
    onSpawn?: (pid: number) => void;
  } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'shepherd-e2e-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        ...homeEnv(home),
        CI: 'true',
        ...options.env,
      },
      cwd: home,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.group === true,
    });
    const kill = (s: NodeJS.Signals): void => {
      if (options.group && child.pid !== undefined) process.kill(-child.pid, s);
      else child.kill(s);
    };
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: shepherd ${args.join(' ')}\n${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(stdout, kill, () => child.stdout.destroy());
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr, kill);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else child.stdin.end();
  });
}
