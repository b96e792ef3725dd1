import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { LOCAL_CONFIG } from '../../config/config-file.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { packageVersion } from '../version.js';

export interface InitOptions {
  path?: string;
  force?: boolean;
}

/** Where the starter's gateway points unless --base-url says otherwise: the catalogue's ids are OpenRouter's. */
export const STARTER_BASE_URL = 'https://openrouter.ai/api/v1';

/**
 * The starter config: the `$schema` line (editors complete and check the file), one gateway
 * and the default route. Keys stay out of the file: the gateway names the variable.
 */
export function starterConfig(globals: GlobalOptions): string {
  const config = {
    $schema: `https://unpkg.com/llm-shepherd@${packageVersion()}/schema/config.schema.json`,
    gateways: {
      default: {
        baseUrl: globals.baseUrl ?? STARTER_BASE_URL,
        apiKeyEnv: globals.apiKeyEnv ?? 'SHEPHERD_API_KEY',
      },
    },
    routes: {
      default: ['gpt-4.1', 'claude-sonnet-4.5', 'gemini-2.5-flash', 'deepseek-v3.2'],
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * `shepherd config init [--path FILE] [--force]`: writes the starter config. Never overwrites
 * a file without --force (the check and the write are one step: `wx`), and asks nothing.
 */
export async function runConfigInit(
  io: Io,
  globals: GlobalOptions,
  opts: InitOptions,
): Promise<number> {
  const text = opts.path ?? LOCAL_CONFIG;
  if (text.trim() === '') {
    throw new UsageError('--path: no file given; give a path such as shepherd.config.json');
  }
  const file = resolve(io.cwd, text);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, starterConfig(globals), { flag: opts.force ? 'w' : 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'EEXIST') {
      throw new UsageError(`${text} already exists; pass --force to overwrite it`);
    }
    if (code === 'EISDIR') throw new UsageError(`--path: ${text} is a directory; give a file path`);
    throw new UsageError(`cannot write ${text} (${code}); pick a writable path with --path`);
  }
  const shown = relative(io.cwd, file) || file;
  io.stdout.write(`wrote ${shown}\n`);
  if (!globals.quiet) {
    const load = text === LOCAL_CONFIG ? 'shepherd config' : `shepherd --config ${shown} config`;
    io.stderr.write(
      `next: export ${globals.apiKeyEnv ?? 'SHEPHERD_API_KEY'}=<your key>, then check it with: ${load}\n`,
    );
  }
  return EXIT.ok;
}
