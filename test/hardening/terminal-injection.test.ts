import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printableLine, printableText } from '../../src/core/terminal-text.js';
import { scriptedServer, sse } from '../helpers/scripted-server.js';
import { fastConfig, runCli, tempHome } from '../helpers/cli-run.js';

const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\r\n::error::forged annotation\u009b1m';

let server: Awaited<ReturnType<typeof scriptedServer>>;
beforeAll(async () => {
  server = await scriptedServer({
    a: [
      (_req, res) => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `upstream ${HOSTILE} end` } }));
      },
    ],
    b: [sse(['safe ', `answer ${'\u001b]0;title\u0007'}with\rcontrols\n`])],
    '/v1/models': [
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ id: 'a' }, { id: `evil${HOSTILE}` }] }));
      },
    ],
  });
});
afterAll(() => server.close());

/** No escape, no C1 control, no carriage return; and no forged line of its own. */
function expectClean(where: string, text: string): void {
  expect(text, where).not.toMatch(/[\u001b\u0007\u009b\r]/);
  expect(
    text.split('\n').some((l) => l.startsWith('::error::forged')),
    where,
  ).toBe(false);
}

describe('server text is stripped of control characters before it is printed (item 10)', () => {
  it('one-line and multi-line forms', () => {
    expect(printableLine(`a${HOSTILE}b`)).toBe('a]0;pwned[2J[31mred ::error::forged annotation1mb');
    expect(printableText('x\u001b[2Jy\r\nz\tw')).toBe('x[2Jy\nz\tw');
  });

  it('chat, chat --json, health (table, JSON, GitHub annotations), watch and models', async () => {
    const home = tempHome(fastConfig(server.url));
    const gh = { GITHUB_ACTIONS: 'true' };
    for (const args of [
      ['chat', 'hello'],
      ['chat', '-m', 'a', 'hello'],
      ['chat', '--json', 'hello'],
      ['health', 'a'],
      ['health', '--json', 'a'],
      ['health', '--watch', '--count', '2', '--interval', '1ms', '--alert-after', '1', 'a'],
      ['models'],
      ['models', '--json'],
    ]) {
      const r = await runCli(home, args, gh);
      expectClean(`${args.join(' ')} stdout`, r.stdout);
      expectClean(`${args.join(' ')} stderr`, r.stderr);
      if (args.includes('a')) expect(r.stdout + r.stderr, args.join(' ')).toContain('upstream');
    }
    const answer = await runCli(home, ['chat', 'hello']);
    expect(answer.stdout).toContain('safe answer ]0;titlewithcontrols');
  });
});
