import { Command, CommanderError, Option } from 'commander';
import type { ProgramContext } from './context.js';
import { packageVersion } from './version.js';
import { registerBench } from './bench/command.js';
import { registerChat } from './chat/command.js';
import { registerConfig } from './config/command.js';
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
    .version(packageVersion(), '-V, --version', 'print the version')
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
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(oneLineError(s)),
    });

  for (const register of [
    registerChat,
    registerHealth,
    registerBench,
    registerCost,
    registerModels,
    registerConfig,
    registerSimulate,
  ]) {
    const cmd = register(program, ctx);
    cmd.exitOverride().configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(oneLineError(s)),
    });
  }
  return program;
}

/** `error: unknown option '--x'\n(Did you mean --y?)` → one line with a hint. */
function oneLineError(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const body = lines.join(' ').replace(/^error: /, '');
  return `shepherd: ${body} (see shepherd --help)\n`;
}

export function isCommanderExit(err: unknown): err is CommanderError {
  return err instanceof CommanderError;
}
