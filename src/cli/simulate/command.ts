import type { Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';
import type { SimulateFlags } from './run-simulate.js';

export function registerSimulate(program: Command, ctx: ProgramContext): Command {
  return program
    .command('simulate')
    .description(
      'run the built-in OpenAI-compatible simulated gateway in the foreground (Ctrl-C stops it)',
    )
    .option('--port <n>', 'port to listen on, 0 picks a free one', '0')
    .option('--profile <name|file>', 'profile: default, flaky, outage, zero, or a JSON file')
    .option('--seed <n>', 'seed of every random latency, text and fault (default 1)')
    .option('--log', 'print one line per request to stderr')
    .addHelpText(
      'after',
      '\nWith --api-key-env NAME, requests need "Authorization: Bearer $NAME" (with comma-separated keys, any one of them).',
    )
    .action(
      action(ctx, async (flags: SimulateFlags, cmd: Command) => {
        const { runSimulate } = await import('./run-simulate.js');
        return runSimulate(ctx.io, flags, globalsOf(cmd));
      }),
    );
}
