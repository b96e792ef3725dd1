import type { Command } from 'commander';

/** What a completion script needs to know of one flag. */
export interface FlagSpec {
  short?: string;
  long?: string;
  description: string;
  /** Takes a value. */
  value: boolean;
  /** The value is one of these (commander `choices`). */
  choices?: readonly string[];
  /** What the value names, for candidates: models, routes, or a file. */
  kind: 'model' | 'route' | 'file' | 'choice' | 'text' | 'none';
}

export interface CommandSpec {
  /** `chat`, `bench merge`. */
  path: string;
  name: string;
  description: string;
  flags: FlagSpec[];
  /** Takes model names as arguments (`health`). */
  modelArgs: boolean;
  /** Takes files as arguments (`bench merge`). */
  fileArgs: boolean;
  /** Its argument is one of these (`completion bash|zsh|fish`). */
  argChoices: readonly string[];
}

export interface CompletionSpec {
  globals: FlagSpec[];
  commands: CommandSpec[];
  models: string[];
  routes: string[];
}

const MODEL_FLAGS = new Set(['--model', '--models', '--baseline']);
const FILE_FLAGS = new Set([
  '--config',
  '--out',
  '--junit',
  '--prompts',
  '--prompt-file',
  '--from',
  '--path',
  '--profile',
  '--simulate-profile',
]);

function flagsOf(cmd: Command): FlagSpec[] {
  return cmd.options
    .filter((o) => o.long !== '--version' && !(o.short === '-V' && o.long === undefined))
    .map((o) => {
      const value = o.required || o.optional;
      const choices = o.argChoices;
      const long = o.long ?? '';
      let kind: FlagSpec['kind'] = value ? 'text' : 'none';
      if (choices) kind = 'choice';
      else if (MODEL_FLAGS.has(long) && !(cmd.name() === 'bench' && long === '--baseline')) {
        kind = 'model';
      } else if (long === '--route') kind = 'route';
      else if (FILE_FLAGS.has(long) || (cmd.name() === 'bench' && long === '--baseline')) {
        kind = 'file';
      }
      const spec: FlagSpec = { description: o.description, value, kind };
      if (o.short) spec.short = o.short;
      if (o.long) spec.long = o.long;
      if (choices) spec.choices = choices;
      return spec;
    });
}

/** The program's commands and flags, with the model and route names to offer. */
export function completionSpec(
  program: Command,
  names: { models: string[]; routes: string[] },
): CompletionSpec {
  const commands: CommandSpec[] = [];
  const walk = (cmd: Command, prefix: string): void => {
    for (const sub of cmd.commands) {
      const path = prefix ? `${prefix} ${sub.name()}` : sub.name();
      const args = sub.registeredArguments.map((a) => a.name());
      commands.push({
        path,
        name: sub.name(),
        description: sub.description().split('\n')[0] ?? '',
        flags: flagsOf(sub),
        modelArgs: args.includes('models'),
        fileArgs: args.includes('files'),
        argChoices: sub.registeredArguments.flatMap((a) => a.argChoices ?? []),
      });
      walk(sub, path);
    }
  };
  walk(program, '');
  const globals = flagsOf(program);
  globals.push({
    short: '-v',
    long: '--version',
    description: 'print the version',
    value: false,
    kind: 'none',
  });
  return { globals, commands, ...names };
}
