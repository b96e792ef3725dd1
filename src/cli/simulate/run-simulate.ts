import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { SimLogEntry } from '../../simulator/log.js';
import { parseIntOption, parsePort } from '../../simulator/options.js';
import { createSimulator, type SimulatorOptions } from '../../simulator/server.js';

export interface SimulateFlags {
  port?: string;
  profile?: string;
  seed?: string;
  log?: boolean;
}

/**
 * `shepherd simulate`: listens in the foreground, prints its URL line on stdout and a
 * curl hint on stderr, and returns 130 when Ctrl-C (io.signal) stops it.
 */
export async function runSimulate(
  io: Io,
  flags: SimulateFlags,
  globals: GlobalOptions,
): Promise<number> {
  const options: SimulatorOptions = {
    port: parsePort(flags.port ?? '0'),
    profile: flags.profile ?? globals.simulateProfile ?? 'default',
    cwd: io.cwd,
  };
  if (flags.seed !== undefined) options.seed = parseIntOption(flags.seed, '--seed');
  if (globals.apiKeyEnv !== undefined) {
    const keys = (io.env[globals.apiKeyEnv] ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    if (keys.length === 0) {
      throw new UsageError(
        `--api-key-env ${globals.apiKeyEnv}: that environment variable is empty or unset; export the key there first`,
      );
    }
    options.apiKeys = keys;
  }
  if (flags.log) options.onRequest = (entry) => io.stderr.write(formatEntry(entry));
  if (io.signal.aborted) return EXIT.interrupted;

  const sim = await createSimulator(options);
  io.stdout.write(`shepherd simulator listening on ${sim.url}\n`);
  if (!globals.quiet) {
    // With several keys the variable holds `k1,k2`: the hint expands to the first one.
    const keyRef =
      (options.apiKeys?.length ?? 0) > 1 ? `\${${globals.apiKeyEnv}%%,*}` : `$${globals.apiKeyEnv}`;
    const auth = globals.apiKeyEnv ? ` -H "Authorization: Bearer ${keyRef}"` : '';
    const model = sim.modelIds()[0] ?? 'gpt-4.1';
    io.stderr.write(
      `profile ${sim.profileName}; try: curl -N ${sim.url}/chat/completions${auth} -H 'content-type: application/json' ` +
        `-d '{"model":"${model}","stream":true,"messages":[{"role":"user","content":"Hello"}]}'  (Ctrl-C stops)\n`,
    );
  }
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await sim.close();
  return EXIT.interrupted;
}

function formatEntry(e: SimLogEntry): string {
  const parts = [`${(e.time / 1000).toFixed(3)}s`, e.method, e.path, String(e.status)];
  if (e.model !== undefined) parts.push(e.model);
  if (e.stream) parts.push('stream');
  if (e.fault !== undefined) parts.push(`fault=${e.fault}`);
  if (e.authorized === false) parts.push('unauthorized');
  return `${parts.join(' ')}\n`;
}
