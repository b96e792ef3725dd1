import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { loadSettings } from '../../config/load.js';
import { EXIT } from '../../core/exit-codes.js';
import { bashScript, fishScript, zshScript } from './scripts.js';
import { completionSpec } from './spec.js';

/** `shepherd completion bash|zsh|fish`: the script on stdout, nothing sent anywhere. */
export async function runCompletion(
  shell: 'bash' | 'zsh' | 'fish',
  program: Command,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const settings = loadSettings({ flags: globals, env: io.env, cwd: io.cwd });
  const models = [
    ...new Set(Object.values(settings.models).flatMap((m) => [m.name, ...m.aliases])),
  ].sort();
  const spec = completionSpec(program, { models, routes: Object.keys(settings.routes).sort() });
  const script =
    shell === 'bash' ? bashScript(spec) : shell === 'zsh' ? zshScript(spec) : fishScript(spec);
  io.stdout.write(script);
  return EXIT.ok;
}
