import { execFileSync, spawn } from 'node:child_process';
import {
  createReadStream,
  lstatSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomicSync } from '../../src/core/atomic-file.js';
import { scriptedServer, sse } from '../helpers/scripted-server.js';
import { fastConfig, runCli, tempHome } from '../helpers/cli-run.js';
import { BIN } from '../helpers/spawn-shepherd.js';
import { homeEnv } from '../helpers/home-env.js';

let server: Awaited<ReturnType<typeof scriptedServer>>;
beforeAll(async () => {
  server = await scriptedServer({ a: [sse(['ok'])], b: [sse(['ok'])] });
});
afterAll(() => server.close());

function runProcess(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

function readAll(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    createReadStream(path, 'utf8')
      .on('data', (c) => (text += String(c)))
      .on('end', () => resolve(text))
      .on('error', reject);
  });
}

describe('files written whole go into devices, FIFOs and symlink targets (item 2)', () => {
  it('--junit into a FIFO writes through and leaves the FIFO a FIFO', async () => {
    const home = tempHome(fastConfig(server.url));
    const fifo = join(home, 'junit.fifo');
    execFileSync('mkfifo', [fifo]);
    const reading = readAll(fifo);
    const r = await runCli(home, ['health', '--junit', fifo, 'a']);
    expect(r.code).toBe(0);
    expect(await reading).toContain('<testsuite');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('--junit and bench --out through a symlink write its target and keep the link', async () => {
    const home = tempHome(fastConfig(server.url));
    writeFileSync(join(home, 'real.xml'), 'old');
    chmodSync(join(home, 'real.xml'), 0o640);
    symlinkSync('real.xml', join(home, 'link.xml'));
    symlinkSync('not-yet.json', join(home, 'dangling.json'));
    expect((await runCli(home, ['health', '--junit', 'link.xml', 'a'])).code).toBe(0);
    expect(lstatSync(join(home, 'link.xml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(home, 'link.xml'))).toBe('real.xml');
    expect(readFileSync(join(home, 'real.xml'), 'utf8')).toContain('<testsuite');
    // Its mode stays what the user gave it.
    expect(statSync(join(home, 'real.xml')).mode & 0o777).toBe(0o640);
    const bench = await runCli(home, [
      'bench',
      '-n',
      '1',
      '-m',
      'a',
      '--no-tui',
      '--out',
      'dangling.json',
    ]);
    expect(bench.code).toBe(0);
    expect(lstatSync(join(home, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(home, 'not-yet.json'), 'utf8'))).toHaveProperty('schema');
  });

  it('--junit /dev/fd/3 (a shell `>(cat)`) writes into the inherited pipe or socket', async () => {
    const home = tempHome(fastConfig(server.url));
    // A shell's `>(cat)` is a pipe; node's own stdio 'pipe' is a socket. Both work.
    // Spawned, not execFileSync: the loopback server lives in this process's event loop.
    const viaShell = await runProcess(
      'bash',
      [
        '-c',
        `"$0" "$1" health --junit >(cat > "$2") a; echo "exit $?"; wait`,
        process.execPath,
        BIN,
        join(home, 'from-shell.xml'),
      ],
      { PATH: process.env.PATH ?? '', ...homeEnv(home) },
      home,
    );
    expect(viaShell).toMatch(/exit 0/);
    for (
      let i = 0;
      i < 50 && !readFileSync(join(home, 'from-shell.xml'), 'utf8').includes('</testsuites>');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(readFileSync(join(home, 'from-shell.xml'), 'utf8')).toContain('<testsuite');
    const child = spawn(process.execPath, [BIN, 'health', '--junit', '/dev/fd/3', 'a'], {
      env: { PATH: process.env.PATH ?? '', ...homeEnv(home) },
      cwd: home,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let fd3 = '';
    let stderr = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => (fd3 += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(timer);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(fd3).toContain('<testsuite');
  }, 20_000);

  it('a regular file is still replaced whole (temp file and rename), a new path created', () => {
    const home = tempHome();
    const file = join(home, 'a.txt');
    writeFileAtomicSync(file, 'one');
    const before = statSync(file).ino;
    writeFileAtomicSync(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(statSync(file).ino).not.toBe(before);
  });
});
