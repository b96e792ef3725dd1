import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { homeEnv } from './home-env.js';

/** A temp HOME (XDG folders inside it), with `config` as its shepherd.config.json when given. */
export function tempHome(config?: Record<string, unknown>): string {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-harden-'));
  if (config) writeFileSync(join(home, 'shepherd.config.json'), JSON.stringify(config));
  return home;
}

/** Runs the CLI in-process with HOME at `home` and the extra environment; collects its output. */
export async function runCli(
  home: string,
  args: string[],
  env: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo({
    env: { ...homeEnv(home), ...env },
    cwd: home,
    ...(signal ? { signal } : {}),
  });
  const code = await main(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/** A config with one gateway at `baseUrl` and fast models a and b (a → b), short timeouts. */
export function fastConfig(
  baseUrl: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    gateways: { default: { baseUrl } },
    models: {
      a: { id: 'a', price: { input: 1, output: 2 } },
      b: { id: 'b', price: { input: 1, output: 2 } },
    },
    routes: { default: ['a', 'b'] },
    retry: { attempts: 1, baseDelay: '5ms', maxDelay: '20ms', maxRetryAfter: '1s' },
    timeouts: { connect: '1s', firstToken: '2s', idle: '2s', attempt: '3s', deadline: '6s' },
    ...extra,
  };
}
