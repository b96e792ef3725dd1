import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';

/**
 * `-m` means the same everywhere (issue 16): every command that takes models accepts both
 * `--model` and `--models`. `primary` is the spelling shown in help; the other is a hidden
 * alias. `modelsOf` reads whichever was given.
 */
export function addModelFlag(
  cmd: Command,
  primary: 'model' | 'models',
  description: string,
): Command {
  const other = primary === 'model' ? 'models' : 'model';
  return cmd
    .option(`-m, --${primary} <a,b,c>`, description)
    .addOption(new Option(`--${other} <a,b,c>`, `same as --${primary}`).hideHelp());
}

export function modelsOf(opts: {
  model?: string | undefined;
  models?: string | undefined;
}): string | undefined {
  const { model, models } = opts;
  if (model !== undefined && models !== undefined && model !== models) {
    throw new UsageError('give the models once: -m/--model and --models are the same flag');
  }
  return model ?? models;
}
