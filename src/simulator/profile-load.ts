import { readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, UsageError } from '../core/errors.js';
import {
  simProfileSchema,
  modelProfileSchema,
  type ModelProfile,
  type SimProfile,
} from './profile-schema.js';

/** `fixtures/simulator/` of the package: the same relative path from src/ and dist/. */
export const PROFILE_DIR = fileURLToPath(new URL('../../fixtures/simulator/', import.meta.url));

/** Names of the built-in profiles (`default`, `flaky`, `outage`, `zero`). */
export function builtInProfileNames(): string[] {
  return readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A name without a slash or `.json` is a built-in profile; anything else is a file path. */
export function isProfileName(nameOrPath: string): boolean {
  return !nameOrPath.includes('/') && !nameOrPath.includes('\\') && !nameOrPath.endsWith('.json');
}

/** Loads a built-in profile by name or a profile file by path (relative to `cwd`). */
export function loadProfile(nameOrPath: string, cwd = process.cwd()): SimProfile {
  let file: string;
  if (isProfileName(nameOrPath)) {
    const names = builtInProfileNames();
    if (!names.includes(nameOrPath)) {
      throw new UsageError(
        `unknown simulator profile '${nameOrPath}'; use one of ${names.join(', ')} or a path to a JSON file`,
      );
    }
    file = resolve(PROFILE_DIR, `${nameOrPath}.json`);
  } else {
    file = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`simulator profile ${file}: cannot read it (${code}); check the path`, {
      file,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `simulator profile ${file}: not valid JSON (${(err as Error).message.split('\n')[0]}); fix the file`,
      { file },
    );
  }
  return parseProfile(json, file);
}

/** Validates a profile object; `where` names it in errors (a file path or `inline profile`). */
export function parseProfile(json: unknown, where = 'inline profile'): SimProfile {
  const result = simProfileSchema.safeParse(json);
  if (result.success) return result.data;
  throw issueError(where, result.error.issues);
}

/** Validates a partial model profile (for setModel and PUT /_sim/models/<name>). */
export function parseModelProfile(json: unknown, where: string): Partial<ModelProfile> {
  const result = modelProfileSchema.safeParse(json);
  if (result.success) return result.data;
  throw issueError(where, result.error.issues);
}

function issueError(
  where: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ConfigError {
  const issue = issues[0];
  const jsonPath = formatPath(issue?.path ?? []);
  const message = issue?.message ?? 'invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ConfigError(
    `simulator profile ${where}: ${jsonPath || '(top level)'}: ${message}${more}`,
    where === 'inline profile' ? { jsonPath } : { file: where, jsonPath },
  );
}

/** `['models', 'gpt-4.1', 'faults', 0, 'type']` → `models.gpt-4.1.faults[0].type`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
