// Bundles the two process entries into ESM files under dist/bundle/ (run after tsc by
// `npm run build`): the CLI (`bin/shepherd` imports dist/bundle/cli.js) and the simulator
// child (`dist/bundle/simulator.js`, spawned by `--simulate`). One file per entry instead of
// ~150 module loads cuts cold start. Code reached only through `await import()` (each
// command's runner, the live TUI) is split into chunks loaded when used. ink, react and
// react-reconciler stay external: only the TUI chunk imports them, from node_modules, so
// `chat`, `health` and `cost` never load them (bench/no-ink.mjs checks it by path).
// zod and jsonc-parser are loaded with createRequire at run time, as from tsc's output; the
// undici modules the client needs are prebuilt into dist/bundle/undici-lean.cjs (below). The bundle sits two levels below the package root, like every dist/<dir>/
// module, so `new URL('../../…', import.meta.url)` (package.json, fixtures/) still resolves.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', simulator: 'src/simulator/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  external: ['ink', 'react', 'react/*', 'react-reconciler', 'react-devtools-core'],
  // Bundled CommonJS packages (cli-table3 …) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __shepherdCreateRequire } from 'node:module'; const require = __shepherdCreateRequire(import.meta.url);",
  },
  // Chunks beside the entries: every output stays two levels below the package root.
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// The undici modules src/core/transport.ts needs (its LEAN_MODULES), prebuilt into one
// CommonJS file it requires from beside the bundle: one file instead of ~100 at start-up.
await build({
  absWorkingDir: root,
  stdin: {
    contents: [
      "const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');",
      "const api = require('undici/lib/api/index.js');",
      "// What undici's index does: the request API lives on every dispatcher.",
      "if (typeof Dispatcher.prototype.request !== 'function') Object.assign(Dispatcher.prototype, api);",
      'module.exports = {',
      "  Agent: require('undici/lib/dispatcher/agent.js'),",
      "  EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent.js'),",
      '};',
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'undici-lean.cjs',
    loader: 'js',
  },
  outfile: `${outdir}/undici-lean.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  legalComments: 'none',
  logLevel: 'warning',
});
