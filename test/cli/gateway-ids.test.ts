import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openAiServer, type OpenAiServer } from '../helpers/openai-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

/** The default route's models as a gateway that lists plain ids (OpenAI, vLLM, LiteLLM) names them. */
const PLAIN = ['gpt-4.1', 'claude-sonnet-4-5', 'gemini-2.5-flash', 'deepseek-chat'];
/** The same as an OpenRouter-style router names them. */
const PREFIXED = [
  'openai/gpt-4.1',
  'anthropic/claude-sonnet-4.5',
  'google/gemini-2.5-flash',
  'deepseek/deepseek-v3.2',
];

async function gateway(models: string[], canList = true): Promise<OpenAiServer> {
  const gw = await openAiServer({ models, canList });
  onTestFinished(() => gw.close());
  return gw;
}

const listCalls = (gw: OpenAiServer): number =>
  gw.seen.filter((s) => s.path === '/v1/models').length;

describe.each([
  ['plain ids', PLAIN],
  ['provider-prefixed ids', PREFIXED],
])('a gateway that lists %s, with no config file', (_, ids) => {
  it('serves the default route: chat, health, bench and models send the form it lists', async () => {
    const gw = await gateway(ids);
    const home = tempHome();
    const args = ['--base-url', gw.url];

    const chat = await runCli(home, [...args, 'chat', '--json', 'hi']);
    expect(chat.code).toBe(0);
    const doc = JSON.parse(chat.stdout);
    expect(doc.model).toBe('gpt-4.1');
    expect(doc.attempts).toEqual([expect.objectContaining({ sent_id: ids[0], outcome: 'ok' })]);
    expect(gw.chatModels()).toEqual([ids[0]]);

    const health = await runCli(home, [...args, 'health', '--json']);
    expect(health.code).toBe(0);
    const probed = JSON.parse(health.stdout).models;
    expect(probed.map((m: any) => [m.status, m.sent_id])).toEqual(ids.map((id) => ['up', id]));

    const listed = await runCli(home, [...args, 'health', '--probe', 'models', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).models.map((m: any) => m.status)).toEqual(ids.map(() => 'up'));

    const bench = await runCli(home, [...args, 'bench', '-n', '2', '--json', '--no-tui']);
    expect(bench.code).toBe(0);
    const targets = JSON.parse(bench.stdout).targets;
    expect(targets.map((t: any) => [t.sent_id, t.ok])).toEqual(ids.map((id) => [id, 2]));

    const models = await runCli(home, [...args, 'models', '--json']);
    expect(models.code).toBe(0);
    const rows = JSON.parse(models.stdout).models.filter((m: any) => m.routes.includes('default'));
    expect(rows.map((r: any) => [r.sent_id, r.listed])).toEqual(ids.map((id) => [id, true]));

    // Every chat request named a listed id: no 404 on the way.
    expect(gw.seen.filter((s) => s.status === 404)).toEqual([]);
  });
});

describe('the GET /models cache', () => {
  it('a second chat within the TTL asks no GET /models; the listing is in the state directory', async () => {
    const gw = await gateway(PLAIN);
    const home = tempHome();
    expect((await runCli(home, ['--base-url', gw.url, 'chat', 'hi'])).code).toBe(0);
    expect(listCalls(gw)).toBe(1);
    expect((await runCli(home, ['--base-url', gw.url, 'chat', 'hi'])).code).toBe(0);
    expect(listCalls(gw)).toBe(1);
    const cache = join(home.home, '.state', 'shepherd', 'models.json');
    expect(JSON.parse(readFileSync(cache, 'utf8')).gateways[gw.url].listed).toEqual(PLAIN);
  });

  it('a gateway that cannot list: the plain name first, the other form once after the 404, remembered', async () => {
    const gw = await gateway(PREFIXED, false);
    const home = tempHome();
    const first = await runCli(home, [
      '--base-url',
      gw.url,
      'chat',
      '--json',
      '-m',
      'gpt-4.1',
      'hi',
    ]);
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc.attempts.map((a: any) => [a.sent_id, a.outcome])).toEqual([
      ['gpt-4.1', 'not_found'],
      ['openai/gpt-4.1', 'ok'],
    ]);
    expect(doc.fallback_used).toBe(false);
    // The next run remembers the form that worked: one request, no 404.
    const next = await runCli(home, [
      '--base-url',
      gw.url,
      'chat',
      '--json',
      '-m',
      'gpt-4.1',
      'hi',
    ]);
    expect(JSON.parse(next.stdout).attempts.map((a: any) => a.sent_id)).toEqual(['openai/gpt-4.1']);
    expect(gw.chatModels()).toEqual(['gpt-4.1', 'openai/gpt-4.1', 'openai/gpt-4.1']);
    expect(listCalls(gw)).toBe(1);
  });

  it('an id written in a config file is sent exactly as written, and costs no GET /models', async () => {
    const gw = await gateway(['gpt-4.1', 'openai/gpt-4.1']);
    const home = tempHome({
      gateways: { default: { baseUrl: gw.url } },
      models: { 'gpt-4.1': { id: 'openai/gpt-4.1' } },
    });
    const r = await runCli(home, ['chat', '--json', '-m', 'gpt-4.1', 'hi']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).attempts[0].sent_id).toBe('openai/gpt-4.1');
    expect(listCalls(gw)).toBe(0);
    expect(existsSync(join(home.home, '.state', 'shepherd', 'models.json'))).toBe(false);
  });

  it('a model the gateway does not serve in any form fails over, suggesting shepherd models', async () => {
    const gw = await gateway(['gemini-2.5-flash']);
    const home = tempHome();
    const r = await runCli(home, [
      '--base-url',
      gw.url,
      'chat',
      '-m',
      'gpt-4.1,gemini-2.5-flash',
      'hi',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/gpt-4\.1 failed \(not_found, HTTP 404\); trying gemini-2\.5-flash/);
    // Listed, so no blind second try of the other form: one 404 for gpt-4.1.
    expect(gw.chatModels()).toEqual(['gpt-4.1', 'gemini-2.5-flash']);
  });
});

describe('the simulator behaves like a gateway', () => {
  it('answers only models it lists: an unknown model is a 404 model_not_found (exit 4), in either id style', async () => {
    const home = tempHome();
    const unknown = await runCli(home, ['chat', '--simulate', '-m', 'nosuchmodel', 'hi']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/HTTP 404: nosuchmodel not found .*run `shepherd models`/);
    expect(unknown.stdout).toBe('');
    // A profile that lists plain ids: the catalogue's default route still works unchanged.
    const profile = join(home.home, 'plain.json');
    writeFileSync(
      profile,
      JSON.stringify({
        name: 'plain',
        idStyle: 'plain',
        models: Object.fromEntries(
          ['gpt-4.1', 'claude-sonnet-4.5', 'gemini-2.5-flash', 'deepseek-v3.2'].map((m) => [
            m,
            { ttftMs: 0, itlMs: 0, outputTokens: 3 },
          ]),
        ),
      }),
    );
    const chat = await runCli(home, ['--simulate-profile', profile, 'chat', '--json', 'hi']);
    expect(chat.code).toBe(0);
    expect(JSON.parse(chat.stdout).attempts.map((a: any) => a.sent_id)).toEqual(['gpt-4.1']);
  });
});
