'use strict';
// Copied to dist/bundle/undici-lean.cjs by scripts/bundle.mjs. Loads undici-lean-code.cjs (the
// undici modules the client needs, prebuilt into one 0.5 MB file) with V8's code cache kept in
// the user's cache home: Node 20 has no compile cache of its own, and compiling that file is
// ~5 ms of every `shepherd chat`. Node >= 22.1 caches it itself (bin/shepherd turns that on):
// there, and whenever the cache cannot be read or made, it is a plain require().
//
// The cache file is one line naming what the cache was made from (Node version, and the
// code's SHA-256, written into this file at build time) and the SHA-256 of V8's data, then
// the data. V8 checks version, flags and source length itself, but not the bytes: corrupt
// data would crash the process, so data whose digest differs is never handed to it. The data
// is made right after the code has run, before anything changes V8's flags at run time
// (src/cli/quick-exit.ts), and written (temp file, then rename) only when missing, stale or
// refused. Any failure to read or write it leaves the command as it was.
const fs = require('node:fs');
const path = require('node:path');

const CODE = path.join(__dirname, 'undici-lean-code.cjs');
/** SHA-256 of undici-lean-code.cjs, set by scripts/bundle.mjs. */
const CODE_SHA256 = 'BUILD:CODE_SHA256';
/** How this load went, for tests: 'used', 'made', 'refused' (and made again) or 'off'. */
const STATUS = Symbol.for('shepherd.codeCache');

function cacheFile() {
  const { XDG_CACHE_HOME: xdg, HOME } = process.env;
  const home =
    xdg && path.isAbsolute(xdg) ? xdg : path.join(HOME || require('node:os').homedir(), '.cache');
  return path.join(home, 'shepherd', 'code-cache', 'undici-lean.bin');
}

/** The compiled code (from the cache when it fits), or undefined to fall back to require(). */
function compile() {
  if (typeof require('node:module').enableCompileCache === 'function') return undefined;
  try {
    const { createHash } = require('node:crypto');
    const digest = (bytes) => createHash('sha256').update(bytes).digest('hex');
    const made = JSON.stringify([process.version, process.arch, CODE_SHA256]);
    const file = cacheFile();
    let cachedData;
    try {
      const bytes = fs.readFileSync(file);
      const nl = bytes.indexOf(10);
      const [from, sha] = JSON.parse(bytes.toString('utf8', 0, nl));
      const data = bytes.subarray(nl + 1);
      if (from === made && sha === digest(data)) cachedData = data;
    } catch {
      // no cache yet, or not one of ours
    }
    const source = fs.readFileSync(CODE, 'utf8');
    const { Script } = require('node:vm');
    const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
    const script = new Script(wrapped, { filename: CODE, cachedData });
    const header = (data) => `${JSON.stringify([made, digest(data)])}\n`;
    return { script, header, file, had: cachedData !== undefined };
  } catch {
    return undefined;
  }
}

function save(file, header, script) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(header(data)), data]));
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing was written
    }
  }
}

const compiled = compile();
let status = 'off';
if (compiled) {
  const { script, header, file, had } = compiled;
  script.runInThisContext().call(module.exports, module.exports, require, module, CODE, __dirname);
  status = !had ? 'made' : script.cachedDataRejected ? 'refused' : 'used';
  if (status !== 'used') save(file, header, script);
} else {
  module.exports = require(CODE);
}
Object.defineProperty(module.exports, STATUS, { value: status });
