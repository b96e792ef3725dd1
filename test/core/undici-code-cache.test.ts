import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import { homeEnv } from '../helpers/home-env.js';

/**
 * dist/bundle/undici-lean.cjs (scripts/undici-lean-loader.cjs) keeps V8's code cache of the
 * prebuilt undici file in the user's cache home (Node 20 has no compile cache). Each case is
 * a fresh process, as a command is; `npm test` builds first.
 */
const ROOT = join(import.meta.dirname, '../..');
const LOADER = join(ROOT, 'dist/bundle/undici-lean.cjs');
/** Preloaded into a CLI process: prints how the loader went when the process exits. */
const REPORT = `data:text/javascript,${encodeURIComponent(
  `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(LOADER)});` +
    `process.on('exit', () => { const m = require.cache[${JSON.stringify(LOADER)}];` +
    " process.stderr.write('\\ncode cache: ' + (m ? m.exports[Symbol.for('shepherd.codeCache')] : 'not loaded') + '\\n'); });",
)}`;

function run(
  args: string[],
  cacheHome: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-cc-'));
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      args,
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...homeEnv(home), XDG_CACHE_HOME: cacheHome },
        encoding: 'utf8',
        timeout: 15_000,
      },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          stdout,
          stderr,
        }),
    );
    child.stdin?.end();
  });
}

/** Loads the loader in a fresh process, makes an Agent, and says how the cache went. */
async function load(cacheHome: string, nodeFlags: string[] = []): Promise<string> {
  const r = await run(
    [
      ...nodeFlags,
      '-e',
      `const l = require(${JSON.stringify(LOADER)}); new l.Agent().close(); process.stdout.write(l[Symbol.for('shepherd.codeCache')])`,
    ],
    cacheHome,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const cacheFileIn = (cacheHome: string) =>
  join(cacheHome, 'shepherd', 'code-cache', 'undici-lean.bin');

describe('the code cache of the prebuilt undici file (Node 20)', () => {
  it('is made by the first run and used by the next', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'shepherd-cache-'));
    expect(await load(cache)).toBe('made');
    expect(statSync(cacheFileIn(cache)).size).toBeGreaterThan(10_000);
    expect(await load(cache)).toBe('used');
  });

  it('never hands V8 damaged data: truncated, bit-flipped or foreign files are remade', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'shepherd-cache-'));
    const file = cacheFileIn(cache);
    await load(cache);
    truncateSync(file, statSync(file).size - 1000);
    expect(await load(cache)).toBe('made');
    expect(await load(cache)).toBe('used');
    // Flipped bits past the header: V8 itself does not check them and would crash.
    const bytes = readFileSync(file);
    for (let i = bytes.indexOf(10) + 200; i < bytes.length; i += 997) bytes[i]! ^= 0x5a;
    writeFileSync(file, bytes);
    expect(await load(cache)).toBe('made');
    writeFileSync(file, 'not a cache\n');
    expect(await load(cache)).toBe('made');
    expect(await load(cache)).toBe('used');
  });

  it('data made under other V8 flags is refused by V8 and made again', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'shepherd-cache-'));
    expect(await load(cache)).toBe('made');
    expect(await load(cache, ['--max-semi-space-size=32'])).toBe('refused');
    expect(await load(cache, ['--max-semi-space-size=32'])).toBe('used');
    expect(await load(cache)).toBe('refused');
  });

  it('an unusable cache home only turns the cache off', async () => {
    expect(await load('/dev/null/cache')).toBe('made');
  });
});

describe('the CLI and the code cache', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await createSimulator({ profile: 'zero' });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('chat (which then switches the HTTP parser to V8 baseline code) leaves a cache bench can use', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'shepherd-cache-'));
    const cli = (args: string[]) =>
      run(['--import', REPORT, join(ROOT, 'bin/shepherd'), '--base-url', sim.url, ...args], cache);
    const chat = ['chat', '-m', 'gpt-4.1', '--no-log', 'hi'];
    const first = await cli(chat);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('code cache: made');
    const second = await cli(chat);
    expect(second.stderr).toContain('code cache: used');
    const bench = await cli(['bench', '-m', 'gpt-4.1', '-n', '5', '--no-tui', '--quiet']);
    expect(bench.code, bench.stderr).toBe(0);
    expect(bench.stderr).toContain('code cache: used');
    expect((await cli(chat)).stderr).toContain('code cache: used');
  });
});
