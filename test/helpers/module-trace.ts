import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homeEnv } from './home-env.js';

const ROOT = join(import.meta.dirname, '../..');
const TRACER = join(ROOT, 'bench/module-trace.mjs');

/**
 * Runs `node bin/shepherd ARGS` (the built bundle) with bench/module-trace.mjs preloaded and
 * returns every module the process loaded, named by source: a bundle file stands for the
 * sources its source map lists (`src/core/client.ts`, `node_modules/commander/…`), anything
 * else by its path from the package root (`dist/bundle/undici-lean.cjs`), built-ins as
 * `node:http`. Stdin is empty, stdout and stderr are pipes (or, with `tty`, all three a
 * pseudo-terminal); HOME is a fresh temp directory.
 */
export async function modulesLoadedBy(
  args: string[],
  options: { tty?: boolean } = {},
): Promise<{
  status: number | null;
  stdout: string;
  stderr: string;
  modules: Set<string>;
}> {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-trace-'));
  const out = join(home, 'modules.txt');
  // Asynchronously: the simulator answering it may run in this very process.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve) => {
      const argv = [process.execPath, '--import', TRACER, join(ROOT, 'bin/shepherd'), ...args];
      // On a terminal: inside a pseudo-terminal made by script(1).
      const [file, ...rest] = options.tty
        ? [
            'script',
            '-qec',
            argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '),
            '/dev/null',
          ]
        : argv;
      const child = execFile(
        file as string,
        rest,
        {
          cwd: home,
          env: { PATH: process.env.PATH ?? '', ...homeEnv(home), TRACE_MODULES_OUT: out },
          encoding: 'utf8',
          timeout: 15_000,
        },
        (err, stdout, stderr) => {
          const status = err ? (typeof err.code === 'number' ? err.code : null) : 0;
          resolve({ status, stdout, stderr });
        },
      );
      child.stdin?.end();
    },
  );
  const traced = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
  const modules = new Set<string>();
  for (const entry of traced) {
    if (entry.startsWith('node:')) {
      modules.add(entry);
      continue;
    }
    const file = entry.startsWith('file:') ? fileURLToPath(entry) : entry;
    if (file === TRACER || file.endsWith('/module-hooks.mjs')) continue;
    const map = `${file}.map`;
    if (!file.includes('/dist/bundle/') || !existsSync(map)) {
      modules.add(relative(ROOT, file));
      continue;
    }
    const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
    for (const s of sources) modules.add(relative(ROOT, join(file, '..', s)));
  }
  return { ...r, modules };
}
