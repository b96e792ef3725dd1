import type { Command } from 'commander';
import { action, type ProgramContext } from '../context.js';
import { UsageError } from '../../core/errors.js';

// Placeholder registration: replaced by the issue that builds `shepherd chat`.
export function registerChat(program: Command, ctx: ProgramContext): Command {
  return program
    .command('chat')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new UsageError('`shepherd chat` is not available in this build yet');
      }),
    );
}
