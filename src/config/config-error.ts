/**
 * Turns the first problem in a config file into one ConfigError line:
 * `config error in <file> at <json.path>: expected …, got …` (exit 2).
 */
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { dottedPath, valueAt, type JsonPath } from './json-path.js';
import { looksLikeSecret } from '../core/secrets.js';

/** A ConfigError at `path` of `file`, in the one message form. */
export function configError(file: string, path: JsonPath, problem: string): ConfigError {
  const at = dottedPath(path);
  const where = at === '' ? 'the top level' : at;
  return new ConfigError(`config error in ${file} at ${where}: ${problem}`, {
    file,
    jsonPath: at,
  });
}

/** The first zod issue as a ConfigError naming the file, the JSON path and what was expected. */
export function fromZodError(
  file: string,
  raw: unknown,
  error: z.ZodError,
  schema: z.ZodType,
): ConfigError {
  const issue = error.issues[0];
  if (issue === undefined) return configError(file, [], 'invalid config');
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const more = moreProblems(error.issues, path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const allowed = allowedKeysAt(schema, path);
    const hint = allowed.length > 0 ? `; expected one of ${allowed.join(', ')}` : '';
    return configError(file, [...path, key], `unknown key${hint}${more}`);
  }
  if (issue.code === 'invalid_key') {
    return configError(file, path, `expected a non-empty name${more}`);
  }
  const got = describeValue(valueAt(raw, path), path);
  return configError(file, path, `${expectation(issue)}, got ${got}${more}`);
}

/**
 * ` (and N more problems)` for the problems at other places in the file: a value that fails
 * two checks (a URL failing its pattern and its parse) is one problem, not two.
 */
function moreProblems(issues: readonly z.core.$ZodIssue[], first: JsonPath): string {
  const key = (path: readonly PropertyKey[]): string =>
    JSON.stringify(path.filter((s) => typeof s !== 'symbol'));
  const others = new Set(issues.map((i) => key(i.path)));
  others.delete(key(first));
  const n = others.size;
  return n === 0 ? '' : ` (and ${n} more problem${n === 1 ? '' : 's'})`;
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeName(issue.expected)}`;
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'array') return `expected at least ${min} item${min === '1' ? '' : 's'}`;
      if (issue.origin === 'string') return 'expected a non-empty string';
      return `expected a number >= ${min}`;
    }
    case 'too_big':
      return `expected a number <= ${String(issue.maximum)}`;
    default:
      return issue.message.startsWith('expected ') ? issue.message : `expected ${issue.message}`;
  }
}

function typeName(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
      return 'an object';
    case 'array':
      return 'an array';
    case 'int':
      return 'a whole number';
    default:
      return `a ${expected}`;
  }
}

function describeValue(value: unknown, path: JsonPath): string {
  if (value === undefined) return 'nothing';
  // Never echo what may be a secret: a key pasted where a variable name belongs, a header.
  if (typeof value === 'string' && (mayHoldSecret(path) || looksLikeSecret(value))) {
    return 'a value not shown here (it may be a secret)';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? value.slice(0, 37) + '...' : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

/** The keys the schema allows for the object at `path` (for "unknown key" hints). */
function allowedKeysAt(schema: z.ZodType, path: JsonPath): string[] {
  let node: unknown = schema;
  for (const segment of [...path, undefined]) {
    node = unwrap(node);
    if (segment === undefined) break;
    const def = defOf(node);
    if (def?.type === 'object') node = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def?.type === 'record') node = def.valueType;
    else if (def?.type === 'array') node = def.element;
    else return [];
  }
  const def = defOf(node);
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

interface LooseDef {
  type?: string;
  shape?: unknown;
  valueType?: unknown;
  element?: unknown;
  innerType?: unknown;
}

function defOf(node: unknown): LooseDef | undefined {
  return (node as { _zod?: { def?: LooseDef } } | undefined)?._zod?.def;
}

function unwrap(node: unknown): unknown {
  let current = node;
  for (let def = defOf(current); def?.type === 'optional'; def = defOf(current)) {
    current = def.innerType;
  }
  return current;
}

function mayHoldSecret(path: JsonPath): boolean {
  return path.includes('apiKeyEnv') || path.includes('headers');
}
