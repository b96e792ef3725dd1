import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shepherd } from '../helpers/spawn-shepherd.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('bin/shepherd', () => {
  it('--version prints the version and exits 0', async () => {
    const r = await shepherd(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("--version, -v and -V (answered by the launcher) print package.json's version, as the CLI does", async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    const io = memoryIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.stdout.text).toBe(`${pkg.version}\n`);
    for (const flag of ['--version', '-v', '-V']) {
      const r = await shepherd([flag]);
      expect({ flag, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        flag,
        code: 0,
        stdout: io.stdout.text,
        stderr: '',
      });
    }
    // With anything else on the line the CLI itself answers, the same way.
    expect((await shepherd(['-q', '--version'])).stdout).toBe(io.stdout.text);
    expect((await shepherd(['--version', 'extra'])).stdout).toBe(io.stdout.text);
  });

  it('an unknown flag exits 2 with one line', async () => {
    const r = await shepherd(['--nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('chat --simulate answers through the simulator child process', async () => {
    const r = await shepherd([
      'chat',
      '--simulate',
      '--simulate-profile',
      'zero',
      '--json',
      '-m',
      'gpt-4.1',
      'hello',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.model).toBe('gpt-4.1');
    expect(doc.content.length).toBeGreaterThan(0);
  });

  it('--simulate-profile alone starts the simulator: never the real gateway', async () => {
    const r = await shepherd(
      ['chat', '--simulate-profile', 'zero', '--json', '-m', 'gpt-4.1', 'hello'],
      // A gateway that is down: reaching it would fail the chat.
      { env: { SHEPHERD_BASE_URL: 'http://127.0.0.1:9/v1', SHEPHERD_API_KEY: 'sk-test-FAKE0000' } },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).model).toBe('gpt-4.1');
  });

  it('chat without a base URL is a usage error naming the fix', async () => {
    const r = await shepherd(['chat', 'hi']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no base URL: pass --base-url/);
  });

  it('chat with no prompt and an empty stdin exits 2 at once', async () => {
    const r = await shepherd(['chat', '--simulate'], { stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no prompt/);
  });

  it('SIGINT during a streamed answer prints what arrived and exits 130', async () => {
    const profile = join(import.meta.dirname, '../fixtures/slow-profile.json');
    let sent = false;
    const r = await shepherd(
      ['chat', '--simulate', '--simulate-profile', profile, '-m', 'slow', 'count'],
      {
        onStdout: (text, kill) => {
          if (!sent && text.length > 5) {
            sent = true;
            kill('SIGINT');
          }
        },
      },
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stdout.length).toBeGreaterThan(5);
    expect(r.stderr).toMatch(/interrupted/);
  });

  it('a reader that goes away (| head) stops the answer without a crash: exit 130', async () => {
    const profile = join(import.meta.dirname, '../fixtures/slow-profile.json');
    let closed = false;
    const r = await shepherd(
      ['chat', '--simulate', '--simulate-profile', profile, '-m', 'slow', 'count'],
      {
        onStdout: (text, _kill, closeStdout) => {
          if (!closed && text.length > 5) {
            closed = true;
            closeStdout();
          }
        },
      },
    );
    expect(closed).toBe(true);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|internal error/);
    expect(r.code).toBe(130);
  });
});

describe('bin/shepherd bench', () => {
  it('SIGINT mid-run: stops, prints the summary, writes --out, exits 130', async () => {
    const home = mkdtempSync(join(tmpdir(), 'shepherd-e2e-'));
    const out = join(home, 'run.json');
    let sent = false;
    const r = await shepherd(
      ['bench', '--simulate', '-m', 'gemini-2.5-flash', '-d', '60s', '--out', out],
      {
        home,
        timeoutMs: 30_000,
        // Progress lines every 0.5 s instead of the users' 5 s: no 5 s wait for the first one.
        env: { SHEPHERD_PROGRESS_INTERVAL_MS: '500' },
        onStderr: (text, kill) => {
          // The first progress line with a successful request: results exist by then.
          if (!sent && /\d+ req \(.*\bok [1-9]/.test(text)) {
            sent = true;
            kill('SIGINT');
          }
        },
      },
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.schema).toBe('shepherd.bench/v1');
    expect(doc.interrupted).toBe(true);
    expect(doc.targets[0].ok).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/p50/);
    expect(r.stdout + r.stderr).not.toContain('\u001b');
  });
});
