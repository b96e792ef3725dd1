/** Paths into a JSON document, in the two forms shepherd prints. */
export type JsonPath = readonly (string | number)[];

/** `models.gpt-4.1.timeout`, `routes.simple[0]`; the root is an empty string. */
export function dottedPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** RFC 6901 pointer: `/models/gpt-4.1/timeout` (`~` → `~0`, `/` → `~1`). */
export function jsonPointer(path: JsonPath): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
