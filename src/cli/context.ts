import type { Command } from 'commander';
import { ShepherdError, UsageError } from '../core/errors.js';
import { exitCodeForError } from '../core/exit-codes.js';
import type { Io } from './io.js';

/** Options every command accepts (declared once on the program). */
export interface GlobalOptions {
  baseUrl?: string;
  apiKeyEnv?: string;
  config?: string;
  simulate?: boolean;
  simulateProfile?: string;
  quiet?: boolean;
  /** false with --no-color. */
  color?: boolean;
  /** --wide: tables as wide as their content, whatever the terminal. */
  wide?: boolean;
}

/** Shared by every command's registration: the Io and the exit code the run will end with. */
export interface ProgramContext {
  io: Io;
  exitCode: number;
}

/** Exit code for internal bugs: outside the documented range so scripts never mistake one for an upstream state. */
export const EXIT_INTERNAL = 70;

/**
 * Global options as seen from inside a subcommand's action. `--simulate-profile` implies
 * `--simulate`: a profile asks for the simulator, and ignoring it would send the request to
 * the real gateway (and its key) instead. `--simulate` with `--base-url` is a usage error.
 */
export function globalsOf(cmd: Command): GlobalOptions {
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  if (globals.simulateProfile !== undefined && globals.simulateProfile.trim() === '') {
    throw new UsageError(
      '--simulate-profile: no profile given; give default, flaky, outage, zero or a JSON file',
    );
  }
  const simulate = globals.simulate === true || globals.simulateProfile !== undefined;
  if (simulate && globals.baseUrl !== undefined) {
    // The simulator replaces every gateway's base URL: silently dropping the URL asked for
    // would measure the simulator while the user believes they measured their gateway.
    throw new UsageError(
      `${globals.simulateProfile !== undefined ? '--simulate-profile' : '--simulate'} and --base-url do not go together: --simulate points every gateway at a local simulator; drop one of them`,
    );
  }
  return simulate ? { ...globals, simulate: true } : globals;
}

/** Writes one `shepherd: …` line to stderr. */
export function printError(io: Io, message: string): void {
  io.stderr.write(`shepherd: ${message.split('\n')[0] ?? message}\n`);
}

/**
 * Wraps a command's implementation: its return value is the exit code; a ShepherdError
 * becomes a one-line message and the exit code of its class; anything else is a bug.
 */
export function action<Args extends unknown[]>(
  ctx: ProgramContext,
  run: (...args: Args) => Promise<number>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      ctx.exitCode = await run(...args);
    } catch (err) {
      if (err instanceof ShepherdError) {
        // A usage error points at the command's help, where its flags and examples are.
        const cmd = args[args.length - 1];
        const hint =
          err instanceof UsageError && isCommand(cmd) && !/--help\)?$/.test(err.message)
            ? ` (see ${helpHint(cmd)})`
            : '';
        printError(ctx.io, `${err.message.split('\n')[0] ?? err.message}${hint}`);
        ctx.exitCode = exitCodeForError(err);
      } else {
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        ctx.io.stderr.write(`shepherd: internal error (please report): ${message}\n`);
        ctx.exitCode = EXIT_INTERNAL;
      }
    }
  };
}

function isCommand(value: unknown): value is Command {
  return typeof value === 'object' && value !== null && 'parent' in value && 'commands' in value;
}

function helpHint(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return `shepherd ${names.join(' ')} --help`;
}
