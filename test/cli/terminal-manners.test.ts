import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { stripAnsi } from '../../src/ui/color.js';
import { textWidth } from '../../src/ui/cells.js';
import { useChatEnv } from '../helpers/chat-env.js';

/**
 * Issue 16, done when: every command's table fits 80 and 120 columns, on a terminal and in a
 * pipe (80 unless COLUMNS says otherwise); colour follows one rule in health, cost and bench;
 * both spellings of the model flag work everywhere.
 */

const env = useChatEnv();
const ESC = '\u001b';

// Long names and a long failure message, so every table has to work to fit.
const LONG = {
  'vendor-alpha/very-long-model-name-2026-11-23': 'a',
  'vendor-beta/another-long-model-name-preview': 'b',
  'vendor-gamma/third-model-with-a-long-name': 'c',
  'vendor-delta/fourth-model-name-for-the-bench': 'big',
};
const NAMES = Object.keys(LONG);
const config = {
  models: Object.fromEntries(
    Object.entries(LONG).map(([name, id]) => [
      name,
      {
        id,
        aliases: [`${id}-alias-one`, `${id}-alias-two`],
        contextWindow: 128000,
        price: { input: 0.28, cachedInput: 0.028, output: 0.42 },
      },
    ]),
  ),
  routes: { default: NAMES.slice(0, 3), canary: NAMES },
};
const failing = {
  c: {
    faults: [{ type: 'server_error' as const, status: 503 as const, probability: 1 }],
  },
};

type Mode = {
  name: string;
  limit: number;
  tty?: boolean;
  columns?: number;
  env?: Record<string, string>;
};
const MODES: Mode[] = [
  { name: 'a terminal 80 wide', limit: 80, tty: true, columns: 80 },
  { name: 'a terminal 120 wide', limit: 120, tty: true, columns: 120 },
  { name: 'a pipe', limit: 80 },
  { name: 'a pipe with COLUMNS=120', limit: 120, env: { COLUMNS: '120' } },
];

async function runIn(
  e: { env: Record<string, string>; home: string },
  args: string[],
  mode: Partial<Mode> = {},
) {
  const io = memoryIo({ env: { ...e.env, ...mode.env }, cwd: e.home, isTTY: mode.tty === true });
  if (mode.columns !== undefined) {
    io.stdout.columns = mode.columns;
    io.stderr.columns = mode.columns;
  }
  const code = await main(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

function widest(text: string): number {
  return Math.max(0, ...stripAnsi(text).split('\n').map(textWidth));
}

describe('every table fits the width (issue 16)', () => {
  it('health, cost, cost --prices, models, config, bench with --baseline: no line wider than 80 or 120', async () => {
    const e = await env(failing, { config });
    const first = await runIn(e, [
      'bench',
      '-m',
      NAMES.join(','),
      '-n',
      '4',
      '-c',
      '2',
      '--no-tui',
      '--out',
      'base.json',
      '--json',
    ]);
    expect(first.code).toBe(0); // c fails every request; the others answer
    const commands: string[][] = [
      ['health'],
      ['health', '--probe', 'models'],
      ['cost', '--tokens', '10M', '-m', NAMES.join(','), '--baseline', NAMES[0] as string],
      ['cost', '--mix', `${NAMES[0]}=20%,${NAMES[1]}=80%`, '--tokens', '5M'],
      ['cost', '--prices'],
      ['cost', '--from', 'base.json'],
      ['models'],
      ['config'],
      ['bench', 'merge', 'base.json', 'base.json'],
      ['bench', '-r', 'canary', '-n', '2', '--no-tui'],
      ['bench', '-m', NAMES.join(','), '-n', '4', '-c', '2', '--no-tui', '--baseline', 'base.json'],
    ];
    for (const mode of MODES) {
      for (const args of commands) {
        const r = await runIn(e, args, mode);
        const label = `shepherd ${args.join(' ')} in ${mode.name} (exit ${r.code})`;
        expect(r.stdout.length, `${label}: prints a table`).toBeGreaterThan(0);
        expect(widest(r.stdout), `${label}:\n${stripAnsi(r.stdout)}`).toBeLessThanOrEqual(
          mode.limit,
        );
        // no rule between rows: at most one rule line per table
        const rules = stripAnsi(r.stdout)
          .split('\n')
          .filter((l) => /^─+$/.test(l));
        expect(rules.length, label).toBeLessThanOrEqual(3);
      }
    }
  }, 120_000);

  it('--wide lays tables out as wide as their content', async () => {
    const e = await env(failing, { config });
    const r = await runIn(e, ['--wide', 'cost', '--prices'], { tty: true, columns: 80 });
    expect(widest(r.stdout)).toBeGreaterThan(80);
    expect(r.stdout).toContain('source');
  });
});

describe('colour: one rule in every command (TTY, NO_COLOR, FORCE_COLOR, --no-color)', () => {
  const cases: {
    name: string;
    tty: boolean;
    env?: Record<string, string>;
    flags?: string[];
    colour: boolean;
  }[] = [
    { name: 'a terminal', tty: true, colour: true },
    { name: 'a pipe', tty: false, colour: false },
    { name: 'a terminal with NO_COLOR=1', tty: true, env: { NO_COLOR: '1' }, colour: false },
    { name: 'a pipe with FORCE_COLOR=1', tty: false, env: { FORCE_COLOR: '1' }, colour: true },
    { name: 'a terminal with --no-color', tty: true, flags: ['--no-color'], colour: false },
    {
      name: 'FORCE_COLOR=1 and --no-color',
      tty: false,
      env: { FORCE_COLOR: '1' },
      flags: ['--no-color'],
      colour: false,
    },
    { name: 'a terminal with FORCE_COLOR=0', tty: true, env: { FORCE_COLOR: '0' }, colour: false },
  ];
  const commands: { args: string[]; painted: RegExp }[] = [
    // down red, up green
    { args: ['health'], painted: /\u001b\[31mdown\u001b\[39m[\s\S]*|\u001b\[32mup\u001b\[39m/ },
    // the total stands out
    { args: ['cost', '--tokens', '1M', '-m', 'a'], painted: /\u001b\[1mTotal: \$/ },
    // savings green, extra cost red
    {
      args: ['cost', '--tokens', '1M', '-m', 'a,b', '--baseline', 'b'],
      painted: /\u001b\[32m\$[\d.]+\u001b\[39m/,
    },
    { args: ['bench', '-m', 'a', '-n', '3', '--no-tui'], painted: /\u001b\[32m100\u001b\[39m/ },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.colour ? 'colour' : 'no escape code'} in health, cost and bench`, async () => {
      const e = await env({ c: failing.c });
      for (const { args, painted } of commands) {
        const r = await runIn(e, [...(c.flags ?? []), ...args], {
          tty: c.tty,
          columns: 100,
          ...(c.env ? { env: c.env } : {}),
        });
        const label = `shepherd ${args.join(' ')} (exit ${r.code})`;
        if (c.colour) expect(r.stdout, label).toMatch(painted);
        else expect(r.stdout, label).not.toContain(ESC);
      }
      // health: down is red, up green, both at once
      const h = await runIn(e, [...(c.flags ?? []), 'health'], {
        tty: c.tty,
        ...(c.env ? { env: c.env } : {}),
      });
      if (c.colour) {
        expect(h.stdout).toContain(`${ESC}[31mdown${ESC}[39m`);
        expect(h.stdout).toContain(`${ESC}[32mup${ESC}[39m`);
      }
    }, 30_000);
  }
});

describe('one flag vocabulary', () => {
  it('-m, --model and --models mean the same on chat, health, bench and cost', async () => {
    const e = await env();
    for (const flag of ['-m', '--model', '--models']) {
      const chat = await runIn(e, ['chat', flag, 'b', '--json', 'hi']);
      expect(chat.code, `chat ${flag}`).toBe(0);
      expect(JSON.parse(chat.stdout).model).toBe('b');
      const health = await runIn(e, ['health', flag, 'b', '--json']);
      expect(health.code, `health ${flag}`).toBe(0);
      expect(JSON.parse(health.stdout).models.map((m: { model: string }) => m.model)).toEqual([
        'b',
      ]);
      const bench = await runIn(e, ['bench', flag, 'b', '-n', '2', '--json', '--no-tui']);
      expect(bench.code, `bench ${flag}`).toBe(0);
      expect(JSON.parse(bench.stdout).targets.map((t: { name: string }) => t.name)).toEqual(['b']);
      const cost = await runIn(e, ['cost', flag, 'b', '--tokens', '1M', '--json']);
      expect(cost.code, `cost ${flag}`).toBe(0);
      expect(JSON.parse(cost.stdout).rows.map((r: { model: string }) => r.model)).toEqual(['b']);
    }
  }, 30_000);

  it('-r and --route on bench; -v and --version print the version', async () => {
    const e = await env();
    for (const flag of ['-r', '--route']) {
      const r = await runIn(e, ['bench', flag, 'default', '-n', '2', '--json', '--no-tui']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).targets).toHaveLength(1);
    }
    for (const flag of ['-v', '--version', '-V']) {
      const r = await runIn(e, [flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
  });

  it('SHEPHERD_MODEL is the default chain of chat; -m overrides it', async () => {
    const e = await env();
    const fromEnv = await runIn(e, ['chat', '--json', 'hi'], { env: { SHEPHERD_MODEL: 'c' } });
    expect(JSON.parse(fromEnv.stdout).model).toBe('c');
    const flag = await runIn(e, ['chat', '-m', 'b', '--json', 'hi'], {
      env: { SHEPHERD_MODEL: 'c' },
    });
    expect(JSON.parse(flag.stdout).model).toBe('b');
  });
});

describe('help that teaches', () => {
  const commands = [
    'chat',
    'health',
    'bench',
    'bench merge',
    'cost',
    'models',
    'config',
    'config init',
    'simulate',
    'completion',
  ];
  for (const path of commands) {
    it(`shepherd ${path} --help lists the global flags that apply and ends with three examples`, async () => {
      const io = memoryIo();
      expect(await main([...path.split(' '), '--help'], io)).toBe(0);
      const help = io.stdout.text;
      const examples = help.slice(help.lastIndexOf('Examples:'));
      const lines = examples
        .split('\n')
        .slice(1)
        .filter((l) => l.trim() !== '');
      expect(lines).toHaveLength(3);
      for (const l of lines) expect(l).toMatch(/shepherd /);
      if (path !== 'completion') {
        expect(help).toContain('Global Options:');
        expect(help).toContain('--quiet');
      }
      if (['chat', 'health', 'bench', 'models'].includes(path)) {
        for (const flag of ['--simulate', '--base-url', '--config', '-q'])
          expect(help).toContain(flag);
      }
    });
  }

  it("an error points at the command's own help", async () => {
    const io = memoryIo();
    expect(await main(['bench', '--bogus'], io)).toBe(2);
    expect(io.stderr.text).toMatch(/\(see shepherd bench --help\)\n$/);
    const bad = memoryIo();
    expect(await main(['chat', '--temperature', '9', 'hi'], bad)).toBe(2);
    expect(bad.stderr.text).toMatch(/\(see shepherd chat --help\)\n$/);
  });
});

describe('bench merge --out', () => {
  it('says what it wrote', async () => {
    const e = await env();
    await runIn(e, ['bench', '-m', 'a', '-n', '2', '--json', '--no-tui', '--out', 'one.json']);
    const r = await runIn(e, [
      'bench',
      'merge',
      'one.json',
      'one.json',
      '--out',
      join('out', 'merged.json'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${join('out', 'merged.json')}`);
  });
});
