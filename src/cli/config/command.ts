import type { Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';
import type { InitOptions } from './run-init.js';

export function registerConfig(program: Command, ctx: ProgramContext): Command {
  const cmd: Command = program
    .command('config')
    .description('show the resolved settings and where each came from (keys only as fingerprints)')
    .option('--json', 'print one JSON document {schema:"shepherd.config/v1", settings:[…]}');
  cmd.action(
    action(ctx, async (opts: { json?: boolean }) => {
      const { runConfig } = await import('./run-config.js');
      return runConfig(ctx.io, globalsOf(cmd), opts);
    }),
  );
  const init: Command = cmd
    .command('init')
    .description(
      'write a starter config ($schema, one gateway, the default route); asks nothing, never overwrites without --force',
    )
    .option('--path <file>', 'where to write it (default ./shepherd.config.json)')
    .option('--force', 'overwrite the file if it exists');
  init.action(
    action(ctx, async (opts: InitOptions) => {
      const { runConfigInit } = await import('./run-init.js');
      return runConfigInit(ctx.io, globalsOf(init), opts);
    }),
  );
  return cmd;
}
