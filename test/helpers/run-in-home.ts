import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { homeEnv } from './home-env.js';

/** A temp HOME (XDG folders inside it), with `config` as its shepherd.config.json when given. */
export function makeHome(config?: Record<string, unknown>): string {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-home-'));
  if (config) writeFileSync(join(home, 'shepherd.config.json'), JSON.stringify(config));
  return home;
}

/** Runs the CLI in-process with HOME (and cwd) at `home`; collects its output and exit code. */
export async function runInHome(
  home: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo({ env: { ...homeEnv(home), ...env }, cwd: home });
  const code = await main(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/** A config with one gateway at `baseUrl` and models a → b, one attempt each, short timeouts. */
export function quickConfig(
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
