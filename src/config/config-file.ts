/**
 * Finding and reading the config file: `--config` > `SHEPHERD_CONFIG` >
 * `./shepherd.config.json` > `$XDG_CONFIG_HOME/shepherd/config.json`. A file named
 * explicitly must exist; the two searched locations are used only when present.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readSync,
  statSync,
  type Stats,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { fromZodError } from './config-error.js';
import { envValue, homeOf, xdgDir, type Env } from '../core/env.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { configSchemas, type ConfigFile } from './schema.js';
import type { SettingSource } from './types.js';
import { UsageError } from '../core/errors.js';

export const LOCAL_CONFIG = 'shepherd.config.json';

export interface ConfigLocation {
  /** Absolute path. */
  path: string;
  source: SettingSource;
  /** Named by --config or SHEPHERD_CONFIG: must exist. */
  explicit: boolean;
}

export interface LoadedConfig {
  path: string;
  data: ConfigFile;
}

/** The config file to use, or undefined when none is named and none is found. */
export function locateConfig(input: {
  flag: string | undefined;
  env: Env;
  cwd: string;
}): ConfigLocation | undefined {
  const { env, cwd } = input;
  if (input.flag !== undefined && input.flag.trim() === '') {
    throw new UsageError(
      '--config: no file given; give the path of a JSON config file or drop --config',
    );
  }
  if (input.flag !== undefined) {
    return {
      path: resolve(cwd, input.flag),
      source: { kind: 'flag', detail: '--config' },
      explicit: true,
    };
  }
  const fromEnv = envValue(env, 'SHEPHERD_CONFIG');
  if (fromEnv !== undefined) {
    return {
      path: resolve(cwd, fromEnv),
      source: { kind: 'env', detail: 'SHEPHERD_CONFIG' },
      explicit: true,
    };
  }
  for (const path of searchedConfigPaths(env, cwd)) {
    if (existsSync(path)) {
      return { path, source: { kind: 'default', detail: `found ${path}` }, explicit: false };
    }
  }
  return undefined;
}

/**
 * The locations searched when no file is named. The per-user file is searched only when the
 * environment says where home is (HOME, USERPROFILE or XDG_CONFIG_HOME), so a caller that
 * passes a bare environment (tests) never picks up the real user's config.
 */
export function searchedConfigPaths(env: Env, cwd: string): string[] {
  const paths = [resolve(cwd, LOCAL_CONFIG)];
  const xdg = xdgDir(env, 'XDG_CONFIG_HOME', '.config');
  if (xdg.fromEnv || homeOf(env) !== undefined)
    paths.push(join(xdg.dir, 'shepherd', 'config.json'));
  return paths;
}

/**
 * The largest config file read: far above a catalogue of thousands of models (8,000 models
 * with aliases are about 0.5 MB), far below what would stall the start of every command.
 */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** Reads, parses and validates the config file; every problem is a ConfigError (exit 2). */
export function readConfig(location: ConfigLocation): LoadedConfig {
  const { path } = location;
  let text = readConfigText(location);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const syntax = findJsonSyntaxError(text);
    const where = syntax ? `:${syntax.line}:${syntax.column}` : '';
    const reason = syntax?.reason ?? 'not valid JSON';
    throw new ConfigError(`config error in ${path}${where}: invalid JSON: ${reason}`, {
      file: path,
    });
  }
  const { configSchema } = configSchemas();
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw fromZodError(path, raw, parsed.error, configSchema);
  return { path, data: parsed.data };
}

/**
 * The config file's text. Only a regular file (or a symlink to one) is read: a FIFO would block
 * forever and a device such as /dev/zero never ends. Its size is checked before and while it is
 * read (it may grow in between), and it is opened non-blocking so that nothing here can hang.
 */
function readConfigText(location: ConfigLocation): string {
  const { path } = location;
  const from =
    location.source.kind === 'default'
      ? ''
      : ` (from ${location.source.kind} ${location.source.detail})`;
  const refuse = (why: string): ConfigError =>
    new ConfigError(`cannot read config file ${path}${from}: ${why}`, { file: path });
  let fd: number | undefined;
  try {
    const st = statSync(path);
    if (!st.isFile())
      throw refuse(`${kindOf(st)}, not a regular file; give the path of a JSON config file`);
    if (st.size > MAX_CONFIG_BYTES) throw refuse(tooLarge(st.size));
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile())
      throw refuse('not a regular file; give the path of a JSON config file');
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      size += n;
      if (size > MAX_CONFIG_BYTES) throw refuse(tooLarge(size));
      parts.push(chunk.subarray(0, n));
    }
    return Buffer.concat(parts, size).toString('utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError(`config file ${path}${from} not found; check the path`, { file: path });
    }
    const why = code === 'EISDIR' ? 'it is a directory' : (code ?? String(err));
    throw refuse(`${why}; give the path of a JSON config file`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(bytes: number): string {
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `it is larger than ${mb(MAX_CONFIG_BYTES)} (${mb(bytes)} or more); a config file holds settings, not data`;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'it is a directory';
  if (st.isFIFO()) return 'it is a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'it is a device';
  if (st.isSocket()) return 'it is a socket';
  return 'it is not a file';
}
