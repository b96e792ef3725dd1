import type { ProgramContext } from './context.js';
import type { Io } from './io.js';
import { buildProgram, isCommanderExit } from './program.js';
import { processIo } from './process-io.js';
import { EXIT } from '../core/exit-codes.js';

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code.
 * `bin/shepherd` sets process.exitCode from it; tests pass a memoryIo().
 */
export async function main(argv: string[], io?: Io): Promise<number> {
  const owned = io ? undefined : processIo();
  const ctx: ProgramContext = { io: io ?? owned!.io, exitCode: EXIT.ok };
  try {
    const program = buildProgram(ctx);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (isCommanderExit(err)) {
      // --help and --version end with 0; every parse error is a usage error (exit 2).
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw err;
  } finally {
    owned?.dispose();
  }
}
