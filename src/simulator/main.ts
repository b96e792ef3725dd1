/**
 * Child-process entry: `node dist/simulator/main.js --port 0 --profile NAME --seed N`.
 * Prints exactly one first line `shepherd simulator listening on URL` to stdout, then
 * runs until stdin closes (so it dies with its parent, even a crashed one) or SIGTERM /
 * SIGINT. Keys come from SHEPHERD_SIM_API_KEYS (comma-separated), never from argv.
 */
import { parseArgs } from 'node:util';
import { ShepherdError, UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { createSimulator, type SimulatorOptions } from './server.js';
import { parseIntOption, parsePort, SIM_KEYS_ENV } from './options.js';

function readArgs(): { port: string; profile: string; seed?: string | undefined } {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        profile: { type: 'string', default: 'default' },
        seed: { type: 'string' },
      },
    }).values;
  } catch (err) {
    // A bad argv is the caller's usage error (exit 2), never a crash (70).
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function run(): Promise<void> {
  const values = readArgs();
  const options: SimulatorOptions = { port: parsePort(values.port), profile: values.profile };
  if (values.seed !== undefined) options.seed = parseIntOption(values.seed, '--seed');
  const keys = (process.env[SIM_KEYS_ENV] ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length > 0) options.apiKeys = keys;
  const sim = await createSimulator(options);
  process.stdout.write(`shepherd simulator listening on ${sim.url}\n`);

  // No process.exit: closing the simulator ends every exchange (their timers included) and
  // socket, and with stdin destroyed nothing is left, so the process ends on its own (exit 0).
  // The parent's close() still sends SIGKILL after 2 s should anything linger.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdin.destroy();
    void sim.close();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

run().catch((err: unknown) => {
  const message =
    err instanceof ShepherdError ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`shepherd simulator: ${message.split('\n')[0]}\n`);
  // Nothing listens yet (the server did not start and stdin is not read), so the process
  // ends on its own with this code: a usage error (bad profile, port in use) or a bug (70).
  process.exitCode = err instanceof ShepherdError ? EXIT.usage : 70;
});
