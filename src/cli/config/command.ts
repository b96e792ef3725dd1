import type { Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';

export function registerConfig(program: Command, ctx: ProgramContext): Command {
  const cmd: Command = program
    .command('config')
    .description('show the resolved settings and where each came from (keys only as fingerprints)')
    .option('--json', 'print one JSON document {schema:"shepherd.config/v1", settings:[…]}');
  return cmd.action(
    action(ctx, async (opts: { json?: boolean }) => {
      const { runConfig } = await import('./run-config.js');
      return runConfig(ctx.io, globalsOf(cmd), opts);
    }),
  );
}
