import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { memoryIo } from '../../../src/cli/io.js';

/** Runs `shepherd ARGS` in-process with a fresh HOME (cwd = the repository unless given). */
export async function runCli(
  args: string[],
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string; doc: any }> {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-workload-'));
  const io = memoryIo({ env: { HOME: home }, cwd });
  const code = await main(args, io);
  let doc: any;
  try {
    doc = JSON.parse(io.stdout.text);
  } catch {
    doc = undefined;
  }
  return { code, stdout: io.stdout.text, stderr: io.stderr.text, doc };
}

/**
 * Runs `shepherd bench --base-url URL -m m FLAGS` against a loopback test gateway (such as
 * countingGateway()): the argument list the workload tests share.
 */
export function benchAt(gw: { url: string }, ...flags: string[]): ReturnType<typeof runCli> {
  return runCli(['bench', '--base-url', gw.url, '-m', 'm', ...flags]);
}
