// Records every module a Node process loads, for the "ink and react are never loaded" check:
//   TRACE_MODULES_OUT=/tmp/mods.txt node --import ./bench/module-trace.mjs bin/shepherd ...
// ESM imports are seen by a resolve hook (module.register, Node ≥ 20.6); CommonJS modules
// loaded by require() (which the ESM hooks of Node 20 do not see) are taken from
// require.cache when the process exits, and built-ins from process.moduleLoadList. One path or
// URL per line.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.TRACE_MODULES_OUT;
if (out) {
  register('./module-hooks.mjs', import.meta.url, { data: { out } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const paths = Object.keys(require.cache);
    // Node's own public modules, however they were loaded (a require() of a built-in is in
    // no cache): `NativeModule http2` → node:http2.
    for (const entry of process.moduleLoadList ?? []) {
      const name = /^NativeModule ([^/]+(?:\/[^/]+)?)$/.exec(entry)?.[1];
      if (name && !name.startsWith('internal/')) paths.push(`node:${name}`);
    }
    if (paths.length > 0) appendFileSync(out, `${paths.join('\n')}\n`);
  });
}
