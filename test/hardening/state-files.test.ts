import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateStore, STATE_FUTURE_SKEW_MS } from '../../src/core/state-store.js';
import { scriptedServer, sse } from '../helpers/scripted-server.js';
import { fastConfig, runCli, tempHome } from '../helpers/cli-run.js';

let server: Awaited<ReturnType<typeof scriptedServer>>;
beforeAll(async () => {
  server = await scriptedServer({ a: [sse(['fine', ' answer'])], b: [sse(['from b'])] });
});
afterAll(() => server.close());

const warnings = (stderr: string): string[] =>
  stderr.split('\n').filter((l) => /^shepherd: (warning|note):/.test(l));

describe('an unwritable state folder, ledger or step summary never loses the answer (item 4)', () => {
  for (const [name, setup] of [
    [
      'XDG_STATE_HOME and XDG_DATA_HOME are files',
      (home: string) => {
        writeFileSync(join(home, 'not-a-dir'), 'x');
        return { XDG_STATE_HOME: join(home, 'not-a-dir'), XDG_DATA_HOME: join(home, 'not-a-dir') };
      },
    ],
    [
      'health.json and usage.jsonl are folders',
      (home: string) => {
        mkdirSync(join(home, 'st', 'shepherd', 'health.json'), { recursive: true });
        mkdirSync(join(home, 'dt', 'shepherd', 'usage.jsonl'), { recursive: true });
        return { XDG_STATE_HOME: join(home, 'st'), XDG_DATA_HOME: join(home, 'dt') };
      },
    ],
  ] as const) {
    it(`${name}: chat prints the answer, chat --json the document, each exit 0`, async () => {
      const home = tempHome(fastConfig(server.url));
      const env = setup(home);
      const plain = await runCli(home, ['chat', '-m', 'a', 'hi'], env);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('fine answer');
      expect(plain.stderr).not.toMatch(/\n\s+at /);
      const lines = warnings(plain.stderr);
      expect(lines.filter((l) => l.includes('health and breaker state'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('usage ledger'))).toHaveLength(1);
      const json = await runCli(home, ['chat', '--json', '-m', 'a', 'hi'], env);
      expect(json.code).toBe(0);
      expect((JSON.parse(json.stdout) as { content: string }).content).toBe('fine answer');
    });
  }

  it('bench with an unwritable $GITHUB_STEP_SUMMARY keeps its result and exit code', async () => {
    const home = tempHome(fastConfig(server.url));
    writeFileSync(join(home, 'file'), 'x');
    const r = await runCli(home, ['bench', '-n', '2', '-c', '1', '--json', '-m', 'a'], {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: join(home, 'file', 'summary.md'),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('schema');
    expect(warnings(r.stderr).filter((l) => l.includes('GITHUB_STEP_SUMMARY'))).toHaveLength(1);
  });
});

describe('health.json of the wrong shape is treated as empty, with a note (item 5)', () => {
  for (const content of ['null', '[]', '"text"', '{"version":1,"models":5}', '{"models":null}']) {
    it(`health.json = ${content}`, async () => {
      const home = tempHome(fastConfig(server.url));
      const state = join(home, '.state', 'shepherd', 'health.json');
      mkdirSync(join(home, '.state', 'shepherd'), { recursive: true });
      writeFileSync(state, content);
      const chat = await runCli(home, ['chat', '-m', 'a', 'hi']);
      expect(chat.code).toBe(0);
      expect(chat.stdout).toContain('fine answer');
      expect(warnings(chat.stderr)).toEqual([
        expect.stringMatching(/^shepherd: note: .*health\.json is not a shepherd state file/),
      ]);
      // Replaced at the save: the next run reads it without a note.
      expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ version: 1 });
      const health = await runCli(home, ['health', 'a']);
      expect(health.code).toBe(0);
      expect(warnings(health.stderr)).toEqual([]);
    });
  }
});

describe('state entries from the future are stale (item 9)', () => {
  it('an entry dated ahead of the clock (beyond a few seconds of skew) is ignored', () => {
    const home = tempHome();
    const path = join(home, 'health.json');
    const now = 1_800_000_000_000;
    const day = 86_400_000;
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        models: {
          future: { failures: 9, breaker: 'open', openedAt: now + day, updatedAt: now + day },
          openedLater: { failures: 9, breaker: 'open', openedAt: now + day, updatedAt: now },
          skewed: { failures: 1, breaker: 'closed', updatedAt: now + STATE_FUTURE_SKEW_MS },
          fresh: { failures: 1, breaker: 'closed', updatedAt: now - 1000 },
        },
      }),
    );
    const store = new StateStore(path, () => now);
    expect(store.get('future')).toBeUndefined();
    expect(store.get('openedLater')).toBeUndefined();
    expect(store.get('skewed')).toBeDefined();
    expect(store.get('fresh')).toBeDefined();
  });

  it('chat does not skip a model whose open circuit was saved with a future date', async () => {
    const home = tempHome(fastConfig(server.url));
    mkdirSync(join(home, '.state', 'shepherd'), { recursive: true });
    const future = Date.now() + 3 * 365 * 86_400_000;
    writeFileSync(
      join(home, '.state', 'shepherd', 'health.json'),
      JSON.stringify({
        version: 1,
        models: { a: { failures: 9, breaker: 'open', openedAt: future, updatedAt: future } },
      }),
    );
    const before = server.count('a');
    const r = await runCli(home, ['chat', '-m', 'a', 'hi']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/next probe in/);
    expect(server.count('a')).toBe(before + 1);
  });
});
