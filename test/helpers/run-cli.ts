import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { homeEnv } from './home-env.js';

/** A temp HOME (XDG folders inside it), with `shepherd.config.json` written there when given. */
export function tempHome(config?: unknown): { home: string; env: Record<string, string> } {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-home-'));
  if (config !== undefined)
    writeFileSync(join(home, 'shepherd.config.json'), JSON.stringify(config));
  return { home, env: homeEnv(home) };
}

/** Runs the CLI in process with that HOME as working directory; no key variables unless given. */
export async function runCli(
  home: { home: string; env: Record<string, string> },
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo({ env: { ...home.env, ...env }, cwd: home.home });
  const code = await main(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}
