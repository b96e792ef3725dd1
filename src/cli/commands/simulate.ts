import type { Command } from 'commander';
import { action, type ProgramContext } from '../context.js';
import { UsageError } from '../../core/errors.js';

// Placeholder registration: replaced by the issue that builds `shepherd simulate`.
export function registerSimulate(program: Command, ctx: ProgramContext): Command {
  return program
    .command('simulate')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new UsageError('`shepherd simulate` is not available in this build yet');
      }),
    );
}
