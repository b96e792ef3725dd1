import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { SIMULATOR_MAIN, startSimulatorProcess } from '../../src/simulator/process.js';
import { chatBody, chatUrl, send } from './helpers.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('simulator child process', () => {
  it('starts on a free loopback port, answers, and exits after close()', async () => {
    const child = await startSimulatorProcess({ profile: 'zero', seed: 5 });
    try {
      expect(child.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const res = await send(chatUrl(child.url), {
        body: chatBody('openai/gpt-4.1', { stream: true }),
      });
      expect(res.status).toBe(200);
      expect(res.body.endsWith('data: [DONE]\n\n')).toBe(true);
    } finally {
      await child.close();
    }
    expect(alive(child.pid)).toBe(false);
    expect((await send(`${child.url}/health`, { timeoutMs: 1000 })).error).toBe('ECONNREFUSED');
  });

  it('takes keys from the environment, never argv, and checks them', async () => {
    const key = 'sk-test.FAKEprocessKey0001';
    const child = await startSimulatorProcess({ profile: 'zero', apiKeys: [key] });
    try {
      if (process.platform === 'linux') {
        const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
        expect(cmdline).toContain(SIMULATOR_MAIN);
        expect(cmdline).not.toContain(key);
      }
      expect((await send(chatUrl(child.url), { body: chatBody('openai/gpt-4.1') })).status).toBe(
        401,
      );
      const ok = await send(chatUrl(child.url), {
        body: chatBody('openai/gpt-4.1'),
        headers: { authorization: `Bearer ${key}` },
      });
      expect(ok.status).toBe(200);
    } finally {
      await child.close();
    }
  });

  it('rejects with a one-line usage error (exit 2) when the profile is bad', async () => {
    const err = await startSimulatorProcess({ profile: 'nosuchprofile' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain("unknown simulator profile 'nosuchprofile'");
    expect((err as Error).message).not.toContain('\n');
  });

  it('prints exactly one URL line and exits when its stdin closes', async () => {
    const child = spawn(process.execPath, [SIMULATOR_MAIN, '--port', '0', '--profile', 'zero'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (t: string) => (out += t));
      expect(await waitUntil(() => out.includes('\n'), 10_000)).toBe(true);
      expect(out).toMatch(/^shepherd simulator listening on http:\/\/127\.0\.0\.1:\d+\/v1\n$/);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.stdin.end();
      expect(
        await Promise.race([exited, new Promise((r) => setTimeout(() => r('hung'), 5000))]),
      ).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('never keeps its parent alive, and dies with a parent that forgot close()', async () => {
    // The built module (tsc output), which spawns the bundled child entry as the CLI does.
    const processJs = new URL('../../dist/simulator/process.js', import.meta.url).href;
    const script =
      `const { startSimulatorProcess } = await import(${JSON.stringify(processJs)});` +
      `const c = await startSimulatorProcess({ profile: 'zero' }); console.log(c.pid);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      parent.stdout.setEncoding('utf8');
      parent.stdout.on('data', (t: string) => (out += t));
      const code = await Promise.race([
        new Promise<number | null>((r) => parent.once('exit', (c) => r(c))),
        new Promise((r) => setTimeout(() => r('parent hung'), 10_000)),
      ]);
      expect(code).toBe(0);
      const childPid = Number(out.trim());
      expect(childPid).toBeGreaterThan(0);
      expect(await waitUntil(() => !alive(childPid), 5000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('exits with 2 and a one-line message on a bad --port', async () => {
    const child = spawn(process.execPath, [SIMULATOR_MAIN, '--port', 'http'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (t: string) => (err += t));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/^shepherd simulator: --port: 'http' is not a port.*\n$/);
  });
});
