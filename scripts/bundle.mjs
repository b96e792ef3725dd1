// Bundles the two process entries into ESM files under dist/bundle/ (run after tsc by
// `npm run build`): the CLI (`bin/shepherd` imports dist/bundle/cli.js) and the simulator
// child (`dist/bundle/simulator.js`, spawned by `--simulate`). One file per entry instead of
// ~150 module loads cuts cold start. Code reached only through `await import()` (each
// command's runner, the live TUI) is split into chunks loaded when used. ink, react and
// react-reconciler stay external: only the TUI chunk imports them, from node_modules, so
// `chat`, `health` and `cost` never load them (bench/no-ink.mjs checks it by path).
// zod and jsonc-parser are loaded with createRequire at run time, as from tsc's output; the
// undici modules the client needs are prebuilt into dist/bundle/undici-lean-code.cjs, which
// the transport loads through dist/bundle/undici-lean.cjs (a code-cache loader, below). The
// bundle sits two levels below the package root, like every dist/<dir>/ module, so
// `new URL('../../…', import.meta.url)` (package.json, fixtures/) still resolves.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const REQUIRE_BANNER =
  "import { createRequire as __shepherdCreateRequire } from 'node:module'; const require = __shepherdCreateRequire(import.meta.url);";
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

/**
 * An esbuild plugin that rewrites one exact line of a pinned dependency's file as it is
 * bundled, to load a module on first use instead of at start-up. The build fails if the line
 * is gone (a dependency upgrade must look at it again).
 */
function lazyRequire(name, file, line, lazy) {
  return {
    name,
    setup(b) {
      b.onLoad({ filter: file }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(line)) throw new Error(`${args.path}: no "${line}"`);
        return { contents: text.replace(line, lazy), loader: 'js' };
      });
    },
  };
}

// commander loads node:child_process (~2 ms) at start-up, for executable subcommands
// (`git-foo` style), which shepherd does not have: loaded on first use instead.
const lazyChildProcess = lazyRequire(
  'lazy-child-process',
  /commander[\\/]lib[\\/]command\.js$/,
  "const childProcess = require('node:child_process');",
  "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
);

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
  plugins: [lazyChildProcess],
  // Bundled CommonJS packages (cli-table3 …) call require() for Node built-ins.
  banner: { js: REQUIRE_BANNER },
  // Chunks beside the entries: every output stays two levels below the package root.
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// Most chunks never call require(): a createRequire() per chunk costs ~0.1 ms each at start-up
// (`chat` loads ~25 chunks). The banner is blanked where the chunk does not mention
// `require`; the line stays (empty), so the source maps still line up.
for (const name of readdirSync(outdir)) {
  if (!name.endsWith('.js')) continue;
  const file = `${outdir}/${name}`;
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(REQUIRE_BANNER)) throw new Error(`${name}: no require banner`);
  if (!/\brequire\b/.test(text.slice(REQUIRE_BANNER.length)))
    writeFileSync(file, text.slice(REQUIRE_BANNER.length));
}

// The undici modules src/core/transport.ts needs (its LEAN_MODULES), prebuilt into one
// CommonJS file it requires from beside the bundle: one file instead of ~100 at start-up.
// undici's client loads its HTTP/2 module (and node:http2, ~4 ms) at start-up; it is used
// only when a server negotiates h2, which needs `allowH2` (shepherd never sets it): it is
// loaded on first use instead. The build fails if undici's source no longer has the line.
const lazyHttp2 = lazyRequire(
  'lazy-http2',
  /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/,
  "const connectH2 = require('./client-h2.js')",
  "const connectH2 = (...args) => require('./client-h2.js')(...args)",
);
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
      "  buildConnector: require('undici/lib/core/connect.js'),",
      '};',
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'undici-lean.cjs',
    loader: 'js',
  },
  outfile: `${outdir}/undici-lean-code.cjs`,
  plugins: [lazyHttp2],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  legalComments: 'none',
  logLevel: 'warning',
});

// What the transport requires is a small loader that runs undici-lean-code.cjs with V8's code
// cache kept in the user's cache home (Node 20 has no compile cache): see the loader.
const codeSha256 = createHash('sha256')
  .update(readFileSync(`${outdir}/undici-lean-code.cjs`))
  .digest('hex');
const loader = readFileSync(`${root}scripts/undici-lean-loader.cjs`, 'utf8');
if (!loader.includes("'BUILD:CODE_SHA256'"))
  throw new Error('undici-lean-loader.cjs: no hash slot');
writeFileSync(`${outdir}/undici-lean.cjs`, loader.replace('BUILD:CODE_SHA256', codeSha256));
