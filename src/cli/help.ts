import type { Command, Option } from 'commander';

/**
 * What each subcommand's `--help` teaches beyond its own flags: the global flags that apply
 * to it and three real examples (issue 16). Every example is checked against the command's
 * flags by test/cli/help.test.ts.
 */
export const EXAMPLES: Record<string, string[]> = {
  chat: [
    'shepherd chat "Explain HTTP 429 in one sentence"',
    'git diff | shepherd chat -m sonnet,gpt-4.1 "Review this diff"',
    'shepherd chat --simulate-profile outage --json "hello"',
  ],
  health: [
    'shepherd health',
    'shepherd health -m gpt-4.1,deepseek-v3.2 --probe models --json',
    'shepherd health --watch --interval 30s --webhook https://hooks.example.com/shepherd',
  ],
  bench: [
    'shepherd bench -m gpt-4.1,deepseek-v3.2 -c 8 -d 30s',
    'shepherd bench -r default --rate 5 --slo "p95<800ms,success>=99.5%" --out run.json',
    'shepherd bench -m gpt-4.1 -n 200 --baseline run.json --max-regression 10%',
  ],
  'bench merge': [
    'shepherd bench merge shard-1.json shard-2.json',
    'shepherd bench merge shard-*.json --out merged.json',
    'shepherd bench merge a.json b.json --slo "p99<2s" --json',
  ],
  cost: [
    'shepherd cost --tokens 10M -m gpt-4.1,deepseek-v3.2 --baseline gpt-4.1',
    'shepherd cost --mix gpt-4.1=20%,deepseek-v3.2=80% --tokens 50M --budget 100',
    'shepherd cost --from usage --period day',
  ],
  models: ['shepherd models', 'shepherd models --json', 'shepherd --wide models'],
  config: ['shepherd config', 'shepherd config --json', 'shepherd --config ./ci.json config'],
  'config init': [
    'shepherd config init',
    'shepherd config init --path ./shepherd.config.json --force',
    'shepherd config init --path ci.json && shepherd --config ci.json config',
  ],
  simulate: [
    'shepherd simulate --port 8080',
    'shepherd simulate --profile flaky --log',
    'shepherd simulate --profile ./my-profile.json --seed 7',
  ],
  completion: [
    'shepherd completion bash > ~/.local/share/bash-completion/completions/shepherd',
    'shepherd completion zsh > "${fpath[1]}/_shepherd"',
    'shepherd completion fish > ~/.config/fish/completions/shepherd.fish',
  ],
};

/** Global flags (long names) that mean nothing to a command, so its help leaves them out. */
const NOT_FOR: Record<string, string[]> = {
  cost: ['--base-url', '--api-key-env', '--simulate-profile'],
  config: ['--simulate-profile'],
  'config init': ['--config', '--simulate', '--simulate-profile', '--wide', '--no-color'],
  simulate: ['--base-url', '--config', '--simulate', '--simulate-profile', '--wide'],
  'bench merge': ['--base-url', '--api-key-env', '--config', '--simulate', '--simulate-profile'],
  completion: [
    '--base-url',
    '--api-key-env',
    '--config',
    '--simulate',
    '--simulate-profile',
    '--quiet',
    '--no-color',
    '--wide',
  ],
};

/** `bench merge` for the merge subcommand, `chat` for chat. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The global options a command's help lists (the program's, minus those that do not apply). */
export function visibleGlobalOptions(cmd: Command): Option[] {
  const skip = new Set(NOT_FOR[commandPath(cmd)] ?? []);
  let root = cmd;
  while (root.parent) root = root.parent;
  if (root === cmd) return [];
  skip.add('--version');
  return root.options.filter((o) => !o.hidden && !skip.has(o.long ?? ''));
}

export function examplesText(path: string): string {
  const lines = EXAMPLES[path];
  if (!lines) return '';
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
