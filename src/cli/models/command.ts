import type { Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';

export function registerModels(program: Command, ctx: ProgramContext): Command {
  return program
    .command('models')
    .description(
      "list what the gateway's GET /models returns next to configured aliases, routes and prices",
    )
    .option('--json', 'print one shepherd.models/v1 document')
    .action(
      action(ctx, async (opts: { json?: boolean }, cmd: Command) => {
        const { runModels } = await import('./run-models.js');
        return runModels(opts, globalsOf(cmd), ctx.io);
      }),
    );
}
