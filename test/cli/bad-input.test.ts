import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatEnv, type ChatEnv } from '../helpers/chat-env.js';
import { withoutSelfChecks } from '../helpers/self-check.js';

/**
 * Bad input, every command: each wrong value gives exactly one stderr line `shepherd: …`
 * that names the option (or the value) at fault and says what to give instead, the SPEC §3
 * exit code, nothing on stdout, no stack trace, and no request to the gateway.
 */
interface Row {
  args: string[];
  /** What the message must name: the flag, or the offending value where no flag is involved. */
  names: RegExp;
  code?: number;
  env?: Record<string, string>;
}

/** Words that tell the user what to do (give/use/pass…), or examples/choices to pick from. */
const SAYS_WHAT_TO_DO =
  /\b(give|use|pass|add|drop|pick|set|check|write|run|name|fix|export|put|unset|try|ask|say|needs|must be|such as|expected)\b|e\.g\.|Allowed choices|see shepherd/i;

const ROWS: Row[] = [
  // chat
  { args: ['chat', '--temperature', 'abc', 'hi'], names: /--temperature/ },
  { args: ['chat', '--temperature', '', 'hi'], names: /--temperature/ },
  { args: ['chat', '--temperature', '2.5', 'hi'], names: /--temperature/ },
  { args: ['chat', '--max-tokens', '0', 'hi'], names: /--max-tokens/ },
  { args: ['chat', '--max-tokens', '-3', 'hi'], names: /--max-tokens/ },
  { args: ['chat', '--timeout', '5', 'hi'], names: /--timeout/ },
  { args: ['chat', '--deadline', '0s', 'hi'], names: /--deadline/ },
  { args: ['chat', '--deadline', '', 'hi'], names: /--deadline/ },
  { args: ['chat', '-m', '', 'hi'], names: /--model/ },
  { args: ['chat', '-m', ' , ', 'hi'], names: /--model/ },
  { args: ['chat', '-r', '', 'hi'], names: /--route/ },
  { args: ['chat', '-r', 'nope', 'hi'], names: /route 'nope'/ },
  { args: ['chat', '-m', 'a', '-r', 'default', 'hi'], names: /--model.*--route/ },
  { args: ['chat', '--max-tokens', 'x'], names: /--max-tokens/ },
  { args: ['chat'], names: /no prompt/ },
  { args: ['chat', ''], names: /no prompt/ },
  { args: ['chat', '--bogus', 'hi'], names: /--bogus/ },
  // health
  { args: ['health', '--probe', 'x'], names: /--probe/ },
  { args: ['health', '--max-latency', 'fast'], names: /--max-latency/ },
  { args: ['health', '--max-latency', '0ms'], names: /--max-latency/ },
  { args: ['health', '--timeout', ''], names: /--timeout/ },
  { args: ['health', '--require', 'none'], names: /--require/ },
  { args: ['health', '--require', '0'], names: /--require/ },
  { args: ['health', '--require', '9'], names: /--require/ },
  { args: ['health', '--interval', '1s'], names: /--interval/ },
  { args: ['health', '--count', '2'], names: /--count/ },
  { args: ['health', '--watch', '--interval', '0s', '--count', '1'], names: /--interval/ },
  { args: ['health', '--watch', '--count', '0'], names: /--count/ },
  { args: ['health', '--watch', '--alert-after', 'x', '--count', '1'], names: /--alert-after/ },
  { args: ['health', '--watch', '--recover-after', '-2', '--count', '1'], names: /--recover/ },
  { args: ['health', '--watch', '--webhook', 'not a url', '--count', '1'], names: /--webhook/ },
  { args: ['health', '--watch', '--webhook', 'ftp://x', '--count', '1'], names: /--webhook/ },
  {
    args: ['health', '--watch', '--webhook', 'http://u:FAKEpw0rd@[bad', '--count', '1'],
    names: /--webhook/,
  },
  {
    args: ['health', '--watch', '--metrics-port', '70000', '--count', '1'],
    names: /--metrics-port/,
  },
  {
    args: ['health', '--watch', '--metrics-port', '0', '--metrics-host', '', '--count', '1'],
    names: /--metrics-host/,
  },
  { args: ['health', '--metrics-host', '127.0.0.1'], names: /--metrics-host/ },
  { args: ['health', '--junit', 'dir'], names: /--junit/ },
  { args: ['health', '--junit', ''], names: /--junit/ },
  { args: ['health', ''], names: /model names/ },
  // bench
  { args: ['bench', '-n', '2', '-m', ''], names: /--models/ },
  { args: ['bench', '-n', '2', '--route', ''], names: /--route/ },
  { args: ['bench', '-n', '2', '--route', 'nope'], names: /route 'nope'/ },
  { args: ['bench', '-n', '2', '-m', 'a', '--route', 'default'], names: /--models.*--route/ },
  { args: ['bench', '-n', '2', '--compare-url', 'notaurl'], names: /--compare-url/ },
  { args: ['bench', '-n', '2', '--compare-url', ''], names: /--compare-url/ },
  {
    args: ['bench', '-n', '2', '--compare-url', 'http://u:FAKEpw0rd@127.0.0.1:1/v1'],
    names: /--compare-url/,
  },
  {
    args: ['bench', '-n', '2', '--route', 'default', '--compare-url', 'http://127.0.0.1:1/v1'],
    names: /--compare-url.*--route/,
  },
  { args: ['bench', '-n', '2', '-c', '0'], names: /--concurrency/ },
  { args: ['bench', '-n', '2', '-c', 'x'], names: /--concurrency/ },
  { args: ['bench', '-n', '2', '-c', '2', '--rate', '1'], names: /--concurrency.*--rate/ },
  { args: ['bench', '-n', '2', '--rate', '-1'], names: /--rate/ },
  { args: ['bench', '-n', '2', '--rate', '1', '--arrival', 'zig'], names: /--arrival/ },
  { args: ['bench', '-n', '2', '--arrival', 'poisson'], names: /--arrival/ },
  { args: ['bench', '-d', '10'], names: /--duration/ },
  { args: ['bench', '-d', '0s'], names: /--duration/ },
  { args: ['bench', '-d', '1s', '-n', '2'], names: /--duration.*--requests/ },
  { args: ['bench', '-n', '0'], names: /--requests/ },
  { args: ['bench', '-n', '2', '--warmup', 'abc'], names: /--warmup/ },
  { args: ['bench', '-n', '2', '--prompt', ''], names: /--prompt/ },
  { args: ['bench', '-n', '2', '--prompt', 'x', '--prompts', 'p.jsonl'], names: /--prompts?\b/ },
  { args: ['bench', '-n', '2', '--prompts', 'missing.jsonl'], names: /--prompts/ },
  { args: ['bench', '-n', '2', '--prompts', 'bad.jsonl'], names: /bad\.jsonl:2/ },
  { args: ['bench', '-n', '2', '--prompts', 'empty.jsonl'], names: /empty\.jsonl/ },
  { args: ['bench', '-n', '2', '--max-tokens', '0'], names: /--max-tokens/ },
  { args: ['bench', '-n', '2', '--timeout', 'x'], names: /--timeout/ },
  { args: ['bench', '-n', '2', '--out', 'dir'], names: /--out/ },
  { args: ['bench', '-n', '2', '--out', ''], names: /--out/ },
  { args: ['bench', '-n', '2', '--slo', 'p95<fast'], names: /--slo/ },
  { args: ['bench', '-n', '2', '--slo', ''], names: /--slo/ },
  { args: ['bench', '-n', '2', '--slo', 'success>=120%'], names: /--slo/ },
  { args: ['bench', '-n', '2', '--baseline', 'missing.json'], names: /--baseline/ },
  { args: ['bench', '-n', '2', '--baseline', 'bad.json'], names: /--baseline/ },
  { args: ['bench', '-n', '2', '--baseline', 'arr.json'], names: /--baseline/ },
  { args: ['bench', '-n', '2', '--max-regression', 'ten'], names: /--max-regression/ },
  { args: ['bench', '-n', '2', '--shard', '3/2'], names: /--shard/ },
  { args: ['bench', '-n', '2', '--seed', '-1'], names: /--seed/ },
  // bench merge
  { args: ['bench', 'merge'], names: /files/ },
  { args: ['bench', 'merge', 'arr.json'], names: /two result files/ },
  { args: ['bench', 'merge', 'missing.json', 'arr.json'], names: /missing\.json/ },
  { args: ['bench', 'merge', 'bad.json', 'arr.json'], names: /bad\.json/ },
  { args: ['bench', 'merge', 'arr.json', 'arr.json'], names: /arr\.json/ },
  { args: ['bench', 'merge', 'arr.json', 'arr.json', '--out', ''], names: /--out/ },
  { args: ['bench', 'merge', 'arr.json', 'arr.json', '--out', 'dir'], names: /--out/ },
  // cost
  { args: ['cost'], names: /--tokens/ },
  { args: ['cost', '--tokens', 'abc'], names: /--tokens/ },
  { args: ['cost', '--tokens', '-5'], names: /--tokens/ },
  { args: ['cost', '--tokens', '1M', '--input', '1', '--output', '1'], names: /--tokens/ },
  { args: ['cost', '--tokens', '1M', '--input-share', '2'], names: /--input-share/ },
  { args: ['cost', '--tokens', '1M', '--cached-share', 'x'], names: /--cached-share/ },
  { args: ['cost', '--input', 'x', '--output', '1'], names: /--input/ },
  { args: ['cost', '--tokens', '1M', '-m', ''], names: /--models/ },
  { args: ['cost', '--tokens', '1M', '--mix', 'a'], names: /--mix/ },
  { args: ['cost', '--tokens', '1M', '--mix', 'a=50%'], names: /--mix/ },
  { args: ['cost', '--tokens', '1M', '--mix', 'a=100%', '-m', 'a,b'], names: /--mix/ },
  { args: ['cost', '--tokens', '1M', '--baseline', 'zzz'], names: /--baseline/ },
  { args: ['cost', '--tokens', '1M', '--baseline', ''], names: /--baseline/ },
  { args: ['cost', '--tokens', '1M', '--period', 'week'], names: /--period/ },
  { args: ['cost', '--tokens', '1M', '--budget', 'x'], names: /--budget/ },
  { args: ['cost', '--tokens', '1M', '--budget', '-1'], names: /--budget/ },
  { args: ['cost', '--requests', '10'], names: /--requests/ },
  {
    args: ['cost', '--requests', 'x', '--prompt-file', 'p.jsonl', '--max-tokens', '5'],
    names: /--requests/,
  },
  {
    args: ['cost', '--requests', '10', '--prompt-file', 'missing', '--max-tokens', '5'],
    names: /--prompt-file/,
  },
  { args: ['cost', '--from', 'missing.json'], names: /--from/ },
  { args: ['cost', '--from', 'bad.json'], names: /--from/ },
  { args: ['cost', '--from', 'usage', '--tokens', '1M'], names: /--from/ },
  { args: ['cost', '--prices', '--tokens', '1M'], names: /--prices/ },
  // models, config
  { args: ['models', 'extra'], names: /too many arguments/ },
  { args: ['models', '--bogus'], names: /--bogus/ },
  { args: ['config', 'extra'], names: /too many arguments/ },
  { args: ['config', '--json', '--bogus'], names: /--bogus/ },
  // simulate
  { args: ['simulate', '--port', 'x'], names: /--port/ },
  { args: ['simulate', '--port', '70000'], names: /--port/ },
  { args: ['simulate', '--port', ''], names: /--port/ },
  { args: ['simulate', '--profile', 'nope'], names: /profile 'nope'/ },
  { args: ['simulate', '--profile', 'bad.json'], names: /bad\.json/ },
  { args: ['simulate', '--seed', 'x'], names: /--seed/ },
  // global options, through several commands
  { args: ['--base-url', 'notaurl', 'models'], names: /--base-url/ },
  { args: ['--base-url', 'ftp://x/v1', 'chat', 'hi'], names: /--base-url/ },
  { args: ['--base-url', '', 'health'], names: /--base-url/ },
  { args: ['--api-key-env', '', 'models'], names: /--api-key-env/ },
  { args: ['--api-key-env', 'NOT_SET_ANYWHERE', 'chat', 'hi'], names: /--api-key-env/ },
  { args: ['--config', 'missing.json', 'models'], names: /--config/ },
  { args: ['--config', 'bad.json', 'health'], names: /bad\.json/ },
  { args: ['--config', 'arr.json', 'cost', '--prices'], names: /arr\.json/ },
  { args: ['--config', 'dir', 'config'], names: /--config/ },
  { args: ['--config', '', 'models'], names: /--config/ },
  { args: ['--simulate-profile', '', 'models'], names: /--simulate-profile/ },
  { args: ['--simulate-profile', 'nope', 'models'], names: /profile 'nope'/ },
  { args: ['--simulate-profile', 'bad.json', 'chat', 'hi'], names: /bad\.json: not valid JSON/ },
  // --simulate replaces every base URL: asking for both is a usage error, never a silent drop.
  {
    args: ['--simulate', '--base-url', 'http://127.0.0.1:9/v1', 'chat', 'hi'],
    names: /--base-url/,
  },
  {
    args: ['bench', '--simulate-profile', 'zero', '--base-url', 'http://127.0.0.1:9/v1'],
    names: /--simulate-profile and --base-url/,
  },
  { args: ['--bogus', 'models'], names: /--bogus/ },
  { args: ['nocommand'], names: /nocommand/ },
  { args: ['models'], names: /HTTPS_PROXY/, env: { HTTPS_PROXY: 'http://u:FAKEpw0rd@[::bad' } },
  { args: ['chat', 'hi'], names: /SHEPHERD_BASE_URL/, env: { SHEPHERD_BASE_URL: 'notaurl' } },
  { args: ['health'], names: /SHEPHERD_CONFIG/, env: { SHEPHERD_CONFIG: 'missing.json' } },
];

let env: ChatEnv;

beforeAll(async () => {
  env = await chatEnv();
  const file = (name: string, text: string): void => writeFileSync(join(env.home, name), text);
  file('bad.json', '{ nope');
  file('arr.json', '[1, 2]');
  file('p.jsonl', '{"prompt":"hi"}\n');
  file('bad.jsonl', '{"prompt":"hi"}\nnot json\n');
  file('empty.jsonl', '\n// nothing here\n');
  mkdirSync(join(env.home, 'dir'));
});

afterAll(async () => {
  await env.sim.close();
});

describe('bad input: one line that says what was wrong and what to do, exit 2, nothing sent', () => {
  for (const row of ROWS) {
    const title = `${row.env ? `${Object.keys(row.env).join(' ')}=… ` : ''}shepherd ${row.args
      .map((a) => (a === '' ? "''" : a))
      .join(' ')}`;
    it(title, async () => {
      const before = env.sim.log.length;
      const r = await env.run(row.args, row.env ? { env: row.env } : {});
      expect(r.code, r.stderr).toBe(row.code ?? 2);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines, r.stderr).toHaveLength(1);
      const line = lines[0]!;
      expect(line).toMatch(/^shepherd: /);
      expect(line).toMatch(row.names);
      expect(line, 'says what to do').toMatch(SAYS_WHAT_TO_DO);
      expect(line).not.toMatch(/internal error|\bat .*\.(ts|js):\d+/);
      expect(line).not.toContain('FAKEpw0rd');
      expect(r.stdout).toBe('');
      expect(env.sim.log.length, 'nothing was sent to the gateway').toBe(before);
    });
  }
});

describe('output files', () => {
  it('bench --out creates missing parent directories', async () => {
    const r = await env.run(['bench', '-q', '-n', '1', '-m', 'a', '--out', 'new/deeper/r.json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(env.home, 'new/deeper/r.json'), 'utf8')) as {
      schema: string;
    };
    expect(doc.schema).toBe('shepherd.bench/v1');
  });

  it('bench --out that cannot be written after the run: results on stdout, one usage line, exit 2', async () => {
    // The parent "directory" is a file: only the write itself can find that out.
    const r = await env.run(['bench', '-q', '-n', '1', '-m', 'a', '--out', 'p.jsonl/r.json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('shepherd bench');
    // A busy machine may add the client's self-check warnings; the rest is exactly one line.
    expect(withoutSelfChecks(r.stderr)).toMatch(
      /^shepherd: --out: cannot write .*p\.jsonl\/r\.json \(\w+\); pick a writable path \(see shepherd bench --help\)\n$/,
    );
  });

  it('bench merge --out that cannot be written: one usage line, exit 2', async () => {
    await env.run(['bench', '-q', '-n', '1', '-m', 'a', '--shard', '1/2', '--out', 's1.json']);
    await env.run(['bench', '-q', '-n', '1', '-m', 'a', '--shard', '2/2', '--out', 's2.json']);
    const r = await env.run(['bench', 'merge', 's1.json', 's2.json', '--out', 'p.jsonl/m.json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /^shepherd: --out: cannot write .*; pick a writable path \(see shepherd bench merge --help\)\n$/,
    );
    const ok = await env.run(['bench', 'merge', 's1.json', 's2.json', '--out', 'm/merged.json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(env.home, 'm/merged.json'), 'utf8')).toContain('shepherd.bench/v1');
  });
});
