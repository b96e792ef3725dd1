import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/spawn-shepherd.js';
import { homeEnv } from '../helpers/home-env.js';

const SLOW = join(import.meta.dirname, '../fixtures/slow-profile.json');
// util-linux `script` gives the CLI a real pseudo-terminal, so the ink TUI runs in raw mode
// and Ctrl-C arrives as a key (byte 0x03), exactly as in a terminal.
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Runs `shepherd args` on a pty; `onScreen` sees the text so far (escapes removed). */
function onPty(
  args: string[],
  onScreen: (plain: string, press: (keys: string) => void) => void,
): Promise<{ code: number | null; raw: string }> {
  const home = mkdtempSync(join(tmpdir(), 'shepherd-tty-'));
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`);
  const command = `stty cols 120 rows 40; exec ${quoted.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: {
        PATH: process.env.PATH ?? '',
        ...homeEnv(home),
        TERM: 'xterm-256color',
      },
      cwd: home,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out on the pty: ${raw.replace(ANSI, '').slice(-400)}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      raw += d.toString();
      onScreen(raw.replace(ANSI, ''), (keys) => child.stdin.write(keys));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, raw });
    });
  });
}

describe.runIf(hasScript)('bin/shepherd bench live TUI on a terminal', () => {
  it('Ctrl-C, then Ctrl-C again while it drains: ends at once (130), terminal given back', async () => {
    let step = 0;
    const r = await onPty(
      ['bench', '--simulate-profile', SLOW, '-m', 'slow', '-c', '2', '-d', '60s'],
      (screen, press) => {
        if (step === 0 && screen.includes('stop early')) {
          step = 1;
          press('\u0003');
        } else if (step === 1 && screen.includes('Ctrl-C again')) {
          // The first one is draining answers that take 20 s (bounded at 1 s, then a summary).
          step = 2;
          press('\u0003');
        }
      },
    );
    expect(step).toBe(2);
    // `script -e` reports a child killed by SIGINT as 128 + 2.
    expect(r.code).toBe(130);
    // Not after the drain and the summary (`… 1.2 s measured …`): at once.
    expect(r.raw.replace(ANSI, '')).not.toMatch(/measured|internal error|Unhandled/);
    // ink hid the cursor while drawing; it is shown again before the process ends.
    expect(r.raw.lastIndexOf('\u001b[?25h')).toBeGreaterThan(r.raw.lastIndexOf('\u001b[?25l'));
  });

  it('h opens the latency histogram, ↓ moves it to the next target, q ends the run', async () => {
    let step = 0;
    const r = await onPty(
      ['bench', '--simulate', '-m', 'gpt-4.1,claude-sonnet-4.5', '-c', '2', '-d', '60s'],
      (screen, press) => {
        const tail = screen.slice(-3000);
        if (step === 0 && tail.includes('h histogram')) {
          step = 1;
          press('h');
        } else if (step === 1 && tail.includes('latency histogram · gpt-4.1 (1/2)')) {
          step = 2;
          press('\u001b[B');
        } else if (step === 2 && tail.includes('latency histogram · claude-sonnet-4.5 (2/2)')) {
          step = 3;
          press('q');
        }
      },
    );
    expect(step).toBe(3);
    const plain = r.raw.replace(ANSI, '');
    expect(plain).toMatch(/in flight/);
    expect(plain).toMatch(/stopped early/);
    expect(r.code).toBe(130);
  });
});
