import { spawnSync } from 'node:child_process';
import type { Io } from './io.js';
import type { Settings } from '../config/types.js';
import { ConfigError } from '../core/errors.js';
import { ApiKey } from '../core/keys.js';

/** Keys already read, by command: each command runs once per process. */
const cache = new Map<string, string>();

const TIMEOUT_MS = 60_000;

/**
 * `gateways.<name>.apiKeyCmd` (issue 16, like mods' api-key-cmd): runs the command through
 * the shell and takes the first line of its stdout as the key. Its output is never echoed:
 * stdout is read, stderr is dropped unless the user's terminal shows it (a password prompt).
 * A failure is one line naming the gateway and the exit status, never the output (exit 2).
 */
export function readKeyCommand(command: string, gateway: string, io: Io): string {
  const cached = cache.get(command);
  if (cached !== undefined) return cached;
  const where = `gateways.${gateway}.apiKeyCmd`;
  const run = spawnSync(command, {
    shell: true,
    cwd: io.cwd,
    env: io.env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    // stdin and stderr stay the terminal's so `pass`/`op` can ask for a passphrase.
    stdio: [
      process.stdin.isTTY ? 'inherit' : 'ignore',
      'pipe',
      io.stderr.isTTY ? 'inherit' : 'ignore',
    ],
    windowsHide: true,
  });
  if (run.error) {
    const why =
      (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
        ? `did not finish within ${TIMEOUT_MS / 1000} s`
        : `could not run (${(run.error as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new ConfigError(`${where} ${why}; run it yourself to see why`);
  }
  if (run.status !== 0) {
    const how = run.signal ? `was killed by ${run.signal}` : `exited with status ${run.status}`;
    throw new ConfigError(`${where} ${how}; run it yourself to see why`);
  }
  const key = (run.stdout ?? '').split(/\r?\n/)[0]?.trim() ?? '';
  if (key === '') {
    throw new ConfigError(`${where} printed no key on its first line of output`);
  }
  cache.set(command, key);
  return key;
}

/** Settings with every `apiKeyCmd` gateway's key read (gateways that already have keys keep them). */
export function withCommandKeys(settings: Settings, io: Io): Settings {
  const pending = Object.values(settings.gateways).filter(
    (g) => g.apiKeyCmd !== undefined && g.keys.length === 0,
  );
  if (pending.length === 0) return settings;
  const gateways = { ...settings.gateways };
  for (const g of pending) {
    const source = `command (config gateways.${g.name}.apiKeyCmd)`;
    gateways[g.name] = {
      ...g,
      keys: [new ApiKey(readKeyCommand(g.apiKeyCmd as string, g.name, io), source)],
      keySource: source,
    };
  }
  return { ...settings, gateways };
}
