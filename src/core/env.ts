/** Reading the environment the way every setting does: blank values count as unset. */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export type Env = Record<string, string | undefined>;

/** The trimmed value of `name`, or undefined when unset or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The first of `names` that is set, with its name. */
export function firstEnv(
  env: Env,
  names: readonly string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = envValue(env, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** HOME (or USERPROFILE) from `env`; undefined when neither is set. */
export function homeOf(env: Env): string | undefined {
  return firstEnv(env, ['HOME', 'USERPROFILE'])?.value;
}

/**
 * An XDG base directory: `$<variable>` when set to an absolute path (the XDG spec says to
 * ignore relative ones), else `<home>/<fallback>`. The home directory is taken from `env`,
 * and from the OS only when `env` has none.
 */
export function xdgDir(
  env: Env,
  variable: 'XDG_CONFIG_HOME' | 'XDG_STATE_HOME' | 'XDG_DATA_HOME',
  fallback: string,
): { dir: string; fromEnv: boolean } {
  const value = envValue(env, variable);
  if (value !== undefined && isAbsolute(value)) return { dir: value, fromEnv: true };
  return { dir: join(homeOf(env) ?? homedir(), fallback), fromEnv: false };
}
