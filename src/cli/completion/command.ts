import { Argument, type Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';

export function registerCompletion(program: Command, ctx: ProgramContext): Command {
  const cmd: Command = program
    .command('completion')
    .description('print a shell completion script: commands, flags, model and route names')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']));
  return cmd.action(
    action(ctx, async (shell: 'bash' | 'zsh' | 'fish') => {
      const { runCompletion } = await import('./run-completion.js');
      return runCompletion(shell, program, globalsOf(cmd), ctx.io);
    }),
  );
}
