import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateKey } from '../../src/core/state-key.js';
import { json, scriptedServer, status } from '../helpers/scripted-server.js';
import { tempHome, fastConfig, runCli } from '../helpers/cli-run.js';

// Issue 17 item 20: breaker and health state are keyed by gateway base URL and model, so a
// model failing through one gateway is not skipped on another.

type Server = Awaited<ReturnType<typeof scriptedServer>>;
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(...args: Parameters<typeof scriptedServer>): Promise<Server> {
  const s = await scriptedServer(...args);
  servers.push(s);
  return s;
}

const stateOf = (home: string): { models: Record<string, { breaker: string }> } =>
  JSON.parse(readFileSync(join(home, '.state', 'shepherd', 'health.json'), 'utf8'));

describe('state keyed by gateway and model (item 20)', () => {
  it('keys leave out the query, fragment and credentials of the base URL', () => {
    expect(stateKey('https://gw.example/v1/', 'gpt-4.1')).toBe('https://gw.example/v1 gpt-4.1');
    expect(stateKey('https://u:p@gw.example/v1?key=sk-secret#x', 'm')).toBe(
      'https://gw.example/v1 m',
    );
  });

  it('a circuit opened through --base-url A does not skip the model on --base-url B', async () => {
    const a = await serve({ '*': [status(500)] });
    const b = await serve({ '*': [json('from B')] });
    const home = tempHome(fastConfig(a.url, { breaker: { failures: 1, cooldown: '60s' } }));
    expect((await runCli(home, ['chat', '-m', 'a', 'hi'])).code).toBe(4);
    const skipped = await runCli(home, ['chat', '-m', 'a', 'hi']);
    expect(skipped.stderr).toMatch(/a skipped \(circuit open/);
    expect(a.count('a')).toBe(1);
    const other = await runCli(home, ['chat', '--base-url', b.url, '-m', 'a', 'hi']);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('from B');
    expect(other.stderr).not.toContain('skipped');
    const models = stateOf(home).models;
    expect(models[`${a.url} a`]?.breaker).toBe('open');
    expect(models[`${b.url} a`]?.breaker).toBe('closed');
  });

  it('health that saw a model down on one gateway leaves it usable on another', async () => {
    const a = await serve({ '*': [status(503)] });
    const b = await serve({ '*': [json('from B')] });
    const home = tempHome(fastConfig(a.url));
    expect((await runCli(home, ['health', 'a'])).code).toBe(1);
    const r = await runCli(home, ['chat', '--base-url', b.url, '-m', 'a', 'hi']);
    expect(r.code).toBe(0);
    expect(b.count('a')).toBe(1);
  });

  it('an entry written by an older shepherd under the bare model name is ignored', async () => {
    const b = await serve({ '*': [json('answered')] });
    const home = tempHome(fastConfig(b.url));
    const now = Date.now();
    mkdirSync(join(home, '.state', 'shepherd'), { recursive: true });
    writeFileSync(
      join(home, '.state', 'shepherd', 'health.json'),
      JSON.stringify({
        version: 1,
        models: { a: { failures: 9, breaker: 'open', openedAt: now, updatedAt: now } },
      }),
    );
    const r = await runCli(home, ['chat', '-m', 'a', 'hi']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('skipped');
    expect(b.count('a')).toBe(1);
    expect(stateOf(home).models[`${b.url} a`]?.breaker).toBe('closed');
  });
});
