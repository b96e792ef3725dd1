import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { homeEnv } from '../helpers/home-env.js';

function home(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'shepherd-i16-'));
  if (config) writeFileSync(join(dir, 'shepherd.config.json'), JSON.stringify(config));
  return dir;
}

async function run(dir: string, args: string[], env: Record<string, string> = {}) {
  const io = memoryIo({ env: { ...homeEnv(dir), ...env }, cwd: dir });
  const code = await main(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/** Completes `words` (the last one being typed) with the generated bash script. */
function complete(script: string, words: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'shepherd-comp-')), 'shepherd.bash');
  writeFileSync(file, script);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync('bash', [
    '-c',
    `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _shepherd; printf '%s\\n' "\${COMPREPLY[@]}"`,
  ]);
  return out.toString().split('\n').filter(Boolean);
}

describe('shepherd completion', () => {
  const config = {
    models: {
      'my-local-llama': { id: 'llama3', aliases: ['llama'], price: { input: 0, output: 0 } },
    },
    routes: { cheap: ['my-local-llama', 'deepseek-v3.2'] },
  };

  it('bash: the script parses (bash -n) and registers itself for both command names', async () => {
    const dir = home(config);
    const r = await run(dir, ['completion', 'bash']);
    expect(r.code).toBe(0);
    const file = join(dir, 'c.bash');
    writeFileSync(file, r.stdout);
    execFileSync('bash', ['-n', file]);
    const registered = execFileSync('bash', [
      '-c',
      `source '${file}'; complete -p shepherd; complete -p llm-shepherd`,
    ]).toString();
    expect(registered).toContain('complete -o default -F _shepherd shepherd');
    expect(registered).toContain('llm-shepherd');
  });

  it('bash: completes commands, flags, model names from the catalogue and config, routes and choices', async () => {
    const dir = home(config);
    const script = (await run(dir, ['completion', 'bash'])).stdout;
    expect(complete(script, ['shepherd', 'be'])).toEqual(['bench']);
    expect(complete(script, ['shepherd', 'chat', '-m', 'my-'])).toEqual(['my-local-llama']);
    expect(complete(script, ['shepherd', 'chat', '-m', 'gpt-4.1,deeps'])).toEqual([
      'gpt-4.1,deepseek',
      'gpt-4.1,deepseek-v3.2',
    ]);
    expect(complete(script, ['shepherd', 'bench', '--route', ''])).toEqual(['cheap', 'default']);
    expect(complete(script, ['shepherd', 'bench', '-r', 'ch'])).toEqual(['cheap']);
    expect(complete(script, ['shepherd', 'health', '--probe', ''])).toEqual([
      'completion',
      'models',
      'endpoint',
    ]);
    expect(complete(script, ['shepherd', 'health', 'llam'])).toEqual(['llama']);
    expect(complete(script, ['shepherd', 'bench', 'merge', '--s'])).toEqual([
      '--slo',
      '--simulate',
      '--simulate-profile',
    ]);
    expect(complete(script, ['shepherd', '--config', 'x.json', 'cost', '--bas']).sort()).toEqual([
      '--base-url',
      '--baseline',
    ]);
    expect(complete(script, ['shepherd', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(complete(script, ['shepherd', 'config', ''])).toEqual(['init']);
  });

  it('zsh and fish: scripts name every command and the configured models', async () => {
    const dir = home(config);
    const zsh = (await run(dir, ['completion', 'zsh'])).stdout;
    expect(zsh).toMatch(/^#compdef shepherd llm-shepherd/);
    expect(zsh).toContain('bashcompinit');
    expect(zsh).toContain('my-local-llama');
    const fish = (await run(dir, ['completion', 'fish'])).stdout;
    for (const cmd of [
      'chat',
      'health',
      'bench',
      'cost',
      'models',
      'config',
      'simulate',
      'completion',
    ]) {
      expect(fish).toContain(`-a ${cmd} `);
    }
    expect(fish).toMatch(/-s m -l model -x -a '[^']*my-local-llama/);
    expect(fish).toContain('complete -c llm-shepherd -w shepherd');
    const bad = await run(dir, ['completion', 'powershell']);
    expect(bad.code).toBe(2);
  });
});

describe('shepherd config init', () => {
  it('writes a starter that `shepherd config` loads without error, and never overwrites without --force', async () => {
    const dir = home();
    const r = await run(dir, ['config', 'init']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote shepherd.config.json\n');
    const text = readFileSync(join(dir, 'shepherd.config.json'), 'utf8');
    const doc = JSON.parse(text);
    expect(doc.$schema).toMatch(/schema\/config\.schema\.json$/);
    expect(Object.keys(doc.gateways)).toHaveLength(1);
    expect(doc.routes.default.length).toBeGreaterThan(0);
    const loaded = await run(dir, ['config', '--json'], {
      SHEPHERD_API_KEY: 'sk-test-FAKE-init-1234',
    });
    expect(loaded.code).toBe(0);
    expect(loaded.stderr).toBe('');
    const settings = JSON.parse(loaded.stdout).settings as { key: string; source: string }[];
    expect(settings.find((s) => s.key === 'gateways.default.baseUrl')?.source).toMatch(/^file /);

    writeFileSync(join(dir, 'shepherd.config.json'), '{"routes":{"mine":["gpt-4.1"]}}');
    const again = await run(dir, ['config', 'init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(dir, 'shepherd.config.json'), 'utf8')).toBe(
      '{"routes":{"mine":["gpt-4.1"]}}',
    );
    const forced = await run(dir, ['config', 'init', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'shepherd.config.json'), 'utf8')).toBe(text);
  });

  it('--path writes elsewhere, with --base-url in the gateway; asks nothing (no stdin at all)', async () => {
    const dir = home();
    const r = await run(dir, [
      '--base-url',
      'http://127.0.0.1:4000/v1',
      'config',
      'init',
      '--path',
      'conf/ci.json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'conf', 'ci.json'), 'utf8'));
    expect(doc.gateways.default.baseUrl).toBe('http://127.0.0.1:4000/v1');
    const loaded = await run(dir, ['--config', 'conf/ci.json', 'config']);
    expect(loaded.code).toBe(0);
  });
});
