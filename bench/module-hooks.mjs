// Module hooks for bench/module-trace.mjs (run on Node's hooks thread): every resolved ESM
// URL (including CommonJS packages reached through `import`) is appended to the trace file.
import { appendFileSync } from 'node:fs';

let out;
export function initialize(data) {
  out = data.out;
}
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(out, `${r.url}\n`);
  return r;
}
