import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import { modulesLoadedBy } from '../helpers/module-trace.js';

/**
 * Cold start (issue 19): `shepherd chat` loads what one answer needs and nothing else. Each
 * group below is code chat never runs; loading it costs start-up time on every call. The
 * process is the built CLI as a user runs it (`node bin/shepherd`), answered by a simulator
 * on loopback, with pipes and on a terminal (script(1)), no config file.
 */
const NOT_FOR_CHAT: Record<string, RegExp> = {
  'ink and react (the live TUI)':
    /^node_modules\/(ink|react|react-reconciler)\/|^src\/ui\/(live-view|bench-view)/,
  'the bench engine and its HDR histograms': /^src\/bench\/|^node_modules\/hdr-histogram-js\//,
  'reports and uPlot': /^src\/report\/|^node_modules\/uplot\//,
  'Prometheus metrics': /^node_modules\/prom-client\/|^src\/health\/metrics/,
  'the tokenizer': /^node_modules\/gpt-tokenizer\//,
  'tables (cli-table3)': /^node_modules\/cli-table3\//,
  'string widths (tables, the TUI; the spinner only for wide model names)':
    /^node_modules\/string-width\/|^src\/ui\/cells\.ts$/,
  'config-file parsing and validation (there is no config file)':
    /^node_modules\/(zod|jsonc-parser)\//,
  "the other commands' runners":
    /^src\/cli\/(bench|health|cost|models|config|simulate|completion)\/run-/,
  'the simulator': /^src\/simulator\//,
  'undici as a whole (only its lean bundle)': /^node_modules\/undici\//,
  'node:child_process and node:http2 (loaded on first use)': /^node:(child_process|http2)$/,
};

function offenders(modules: Set<string>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const [group, re] of Object.entries(NOT_FOR_CHAT)) {
    const hits = [...modules].filter((m) => re.test(m));
    if (hits.length > 0) found[group] = hits;
  }
  return found;
}

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ profile: 'zero' });
});
afterAll(async () => {
  await sim.close();
});

describe('modules loaded by the built CLI', () => {
  it('chat loads none of the groups it does not need', async () => {
    const r = await modulesLoadedBy([
      'chat',
      '--base-url',
      sim.url,
      '-m',
      'gpt-4.1',
      '--no-log',
      'hi',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    // The trace sees the chat path itself, through the bundle's source maps.
    for (const m of [
      'src/cli/chat/run-chat.ts',
      'src/core/client.ts',
      'node_modules/commander/lib/command.js',
      'dist/bundle/undici-lean.cjs',
      'node:net',
    ]) {
      expect(r.modules, m).toContain(m);
    }
    expect(offenders(r.modules)).toEqual({});
  });

  it('on a terminal too: the spinner draws without string widths for plain model names', async () => {
    const r = await modulesLoadedBy(
      ['chat', '--base-url', sim.url, '-m', 'gpt-4.1', '--no-log', 'hi'],
      { tty: true },
    );
    expect(r.status, r.stdout).toBe(0);
    expect(r.modules).toContain('src/cli/chat/chat-spinner.ts');
    expect(r.modules).toContain('src/ui/spinner.ts');
    expect(offenders(r.modules)).toEqual({});
  });

  it('the check sees those groups where they are loaded (a short bench)', async () => {
    const r = await modulesLoadedBy([
      'bench',
      '--base-url',
      sim.url,
      '-m',
      'gpt-4.1',
      '-n',
      '5',
      '--no-tui',
      '--quiet',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const found = offenders(r.modules);
    const bench = found['the bench engine and its HDR histograms'] ?? [];
    expect(bench.some((m) => m.startsWith('src/bench/'))).toBe(true);
    expect([...r.modules].some((m) => m.startsWith('node_modules/hdr-histogram-js/'))).toBe(true);
    expect(Object.keys(found)).toContain("the other commands' runners");
  });

  it('--version is answered without loading the CLI bundle', async () => {
    const r = await modulesLoadedBy(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect([...r.modules].filter((m) => m.startsWith('src/') || m.startsWith('dist/'))).toEqual([]);
    expect(r.modules).toContain('bin/shepherd');
  });
});
