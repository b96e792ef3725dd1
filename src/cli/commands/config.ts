import type { Command } from 'commander';
import { action, type ProgramContext } from '../context.js';
import { UsageError } from '../../core/errors.js';

// Placeholder registration: replaced by the issue that builds `shepherd config`.
export function registerConfig(program: Command, ctx: ProgramContext): Command {
  return program
    .command('config')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new UsageError('`shepherd config` is not available in this build yet');
      }),
    );
}
