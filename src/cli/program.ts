import { Command, CommanderError, Option } from 'commander';
import type { ProgramContext } from './context.js';
import { commandPath, examplesText, visibleGlobalOptions } from './help.js';
import { packageVersion } from './version.js';
import { registerBench } from './bench/command.js';
import { registerChat } from './chat/command.js';
import { registerConfig } from './config/command.js';
import { registerCompletion } from './completion/command.js';
import { registerCost } from './cost/command.js';
import { registerHealth } from './health/command.js';
import { registerModels } from './models/command.js';
import { registerSimulate } from './simulate/command.js';

/**
 * The commander program. Registration files only declare options; each action imports its
 * implementation lazily, so `shepherd --version` and `chat` never load ink, react or prom-client.
 */
export function buildProgram(ctx: ProgramContext): Command {
  const program = new Command('shepherd');
  program
    .description(
      'Call, health-probe, load-benchmark and price chat models behind any OpenAI-compatible gateway.',
    )
    .version(packageVersion(), '-v, --version', 'print the version')
    .addOption(new Option('-V').hideHelp())
    .option(
      '--base-url <url>',
      'gateway base URL, ending at /v1 (env SHEPHERD_BASE_URL, OPENAI_BASE_URL)',
    )
    .option('--api-key-env <name>', 'name of the environment variable holding the API key')
    .option('--config <file>', 'config file (env SHEPHERD_CONFIG; default ./shepherd.config.json)')
    .option('--simulate', 'start the built-in simulated gateway and point the command at it')
    .option(
      '--simulate-profile <name>',
      'simulator profile (implies --simulate): default, flaky, outage, zero or a JSON file',
    )
    .option('-q, --quiet', 'silence notes and progress on stderr')
    .addOption(
      new Option('--no-color', 'never use colour (also NO_COLOR; FORCE_COLOR=1 forces it)'),
    )
    .option(
      '--wide',
      'tables as wide as their content (default: the terminal width, 80 when piped)',
    )
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, visibleGlobalOptions })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(oneLineError(s, '')),
    });
  // -V as well as -v (the spelling before -v): both print the version.
  program.on('option:V', () => {
    ctx.io.stdout.write(`${packageVersion()}\n`);
    throw new CommanderError(0, 'commander.version', packageVersion());
  });

  for (const register of [
    registerChat,
    registerHealth,
    registerBench,
    registerCost,
    registerModels,
    registerConfig,
    registerSimulate,
    registerCompletion,
  ]) {
    finish(register(program, ctx), ctx);
  }
  return program;
}

/** Output through the Io, one-line errors naming the command's help, examples in its help. */
function finish(cmd: Command, ctx: ProgramContext): void {
  const path = commandPath(cmd);
  cmd
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(oneLineError(s, path)),
    })
    .addHelpText('after', examplesText(path));
  for (const sub of cmd.commands) finish(sub, ctx);
}

/** `error: unknown option '--x'\n(Did you mean --y?)` → one line pointing at the right help. */
export function oneLineError(text: string, path: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const body = lines.join(' ').replace(/^error: /, '');
  return `shepherd: ${body} (see ${helpFor(path)})\n`;
}

/** `shepherd chat --help`, or `shepherd --help` at the top. */
export function helpFor(path: string): string {
  return path ? `shepherd ${path} --help` : 'shepherd --help';
}

export function isCommanderExit(err: unknown): err is CommanderError {
  return err instanceof CommanderError;
}
