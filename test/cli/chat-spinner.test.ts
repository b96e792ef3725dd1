import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { useChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();
const ESC = '\u001b';
const FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

/** Runs chat with stdout a pipe and stderr a terminal (or not), logging every write in order. */
async function chat(
  e: { env: Record<string, string>; home: string },
  args: string[],
  stderrTTY: boolean,
) {
  const io = memoryIo({ env: { ...e.env }, cwd: e.home });
  io.stderr.isTTY = stderrTTY;
  io.stderr.columns = 80;
  const log: { to: 'stdout' | 'stderr'; text: string }[] = [];
  for (const to of ['stdout', 'stderr'] as const) {
    const stream = io[to];
    const write = stream.write.bind(stream);
    stream.write = (chunk: string): boolean => {
      log.push({ to, text: chunk });
      return write(chunk) as boolean;
    };
  }
  const code = await main(['chat', ...args], io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text, log };
}

describe('chat spinner (issue 16)', () => {
  it('on a terminal stderr: spins while waiting, names the model, and is erased before the first token', async () => {
    const e = await env({ a: { ttftMs: 450 } });
    const r = await chat(e, ['-m', 'a', 'hello'], true);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toMatch(FRAME);
    expect(r.stderr).toMatch(FRAME);
    expect(r.stderr).toContain('waiting for a');
    const first = r.log.findIndex((w) => w.to === 'stdout');
    expect(first).toBeGreaterThan(0);
    // The last stderr write before the first token erases the line; no frame is drawn after it.
    const before = r.log.slice(0, first).filter((w) => w.to === 'stderr');
    expect(before.at(-1)?.text).toBe('\r\u001b[2K');
    const after = r.log.slice(first).filter((w) => w.to === 'stderr');
    for (const w of after) expect(w.text).not.toMatch(FRAME);
  });

  it('says which model it tries next and how many remain on each failover hop', async () => {
    const down = {
      faults: [{ type: 'server_error' as const, status: 503 as const, probability: 1 }],
    };
    const e = await env({ a: down, b: down });
    const r = await chat(e, ['hello'], false);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('a failed (server_error, HTTP 503); trying b (1 left)');
    expect(r.stderr).toContain('b failed (server_error, HTTP 503); trying c (the last)');
  });

  it('never draws into a pipe: stderr not a terminal gets plain notes only', async () => {
    const e = await env({ a: { ttftMs: 300 } });
    const r = await chat(e, ['-m', 'a', 'hello'], false);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain(ESC);
    expect(r.stderr).not.toMatch(FRAME);
    expect(r.stdout).not.toMatch(FRAME);
  });

  it('--quiet draws nothing even on a terminal', async () => {
    const e = await env({ a: { ttftMs: 300 } });
    const r = await chat(e, ['-q', '-m', 'a', 'hello'], true);
    expect(r.stderr).toBe('');
  });
});
