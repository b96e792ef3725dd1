import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { useChatEnv } from '../helpers/chat-env.js';
import { InterruptedError } from '../../src/core/errors.js';
import { openAiServer } from '../helpers/openai-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

const env = useChatEnv();

describe('shepherd models', () => {
  it('joins GET /models with configured models: listed, unlisted and unconfigured ones marked', async () => {
    const current = await env();
    const r = await current.run(['models', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('shepherd.models/v1');
    const byId = new Map<string, any>(doc.models.map((m: any) => [m.id, m]));
    // Configured in the test config and served by the simulator.
    expect(byId.get('a')).toMatchObject({
      name: 'a',
      listed: true,
      priced: true,
      gateway: 'default',
      routes: ['default'],
    });
    expect(byId.get('a').price).toMatchObject({ input: 1, output: 2 });
    expect(byId.get('big').context_window).toBe(1000000);
    // Catalogue models the simulator does not serve: configured but not listed.
    expect(byId.get('openai/gpt-4.1')).toMatchObject({
      name: 'gpt-4.1',
      listed: false,
      priced: true,
    });
    expect(current.sim.log.filter((e) => e.path === '/v1/models')).toHaveLength(1);
  });

  it('the table marks what the gateway lacks and what has no price', async () => {
    const current = await env();
    const r = await current.run(['models', '--wide']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NOT LISTED');
    expect(r.stdout).toMatch(/input \(\$\/M\)/);
    expect(r.stderr).toMatch(/not listed by the gateway/);
  });

  it('a rejected key exits 3 and names where the key came from, never the key', async () => {
    const KEY = 'sk-test.FAKEFAKEFAKEFAKEFAKE9999';
    const current = await env({}, { apiKeys: ['sk-test.GOODGOODGOODGOODGOOD0001'] });
    const r = await current.run(['models'], { env: { SHEPHERD_API_KEY: KEY } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/SHEPHERD_API_KEY/);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('an unreachable gateway exits 4 naming the base URL', async () => {
    const current = await env();
    const r = await current.run(['models', '--base-url', 'http://127.0.0.1:9/v1']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/v1/);
  });
});

describe('shepherd models: Ctrl-C', () => {
  it('while the gateway has not answered: exit 130 saying it was interrupted, not a network error', async () => {
    const current = await env();
    // A gateway that takes the request and never answers.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const controller = new AbortController();
    server.on('request', () => controller.abort(new InterruptedError('interrupted (SIGINT)')));
    try {
      const r = await current.run(['models', '--base-url', `http://127.0.0.1:${port}/v1`], {
        signal: controller.signal,
      });
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/^shepherd: interrupted \(SIGINT\) before the gateway listed/);
      expect(r.stderr).not.toMatch(/cannot reach/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('shepherd models: every configured gateway', () => {
  it('lists each named gateway (no default) in its own section, with the id each model is sent as', async () => {
    const plain = await openAiServer({ models: ['gpt-4.1', 'claude-sonnet-4-5', 'local-llama'] });
    const routed = await openAiServer({ models: ['openai/gpt-4.1', 'google/gemini-2.5-flash'] });
    onTestFinished(() => Promise.all([plain.close(), routed.close()]).then(() => undefined));
    const home = tempHome({
      gateways: { direct: { baseUrl: plain.url }, router: { baseUrl: routed.url } },
      models: {
        'gpt-4.1': { gateway: 'router' },
        'gemini-2.5-flash': { gateway: 'router' },
        'claude-sonnet-4.5': { gateway: 'direct' },
        mine: { id: 'local-llama', gateway: 'direct' },
      },
      routes: { default: ['claude-sonnet-4.5', 'gpt-4.1', 'gemini-2.5-flash'] },
    });
    const r = await runCli(home, ['models', '--json']);
    expect(r.stderr).toMatch(/gateway default has no base URL; its \d+ model\(s\) are not shown/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.gateways).toEqual([
      { name: 'direct', base_url: plain.url, listed: 3 },
      { name: 'router', base_url: routed.url, listed: 2 },
    ]);
    const byName = new Map<string, any>(
      doc.models.filter((m: any) => m.configured).map((m: any) => [m.name, m]),
    );
    // gpt-4.1 is listed by the direct gateway too, but configured on the router.
    expect(doc.models).toContainEqual(
      expect.objectContaining({ id: 'gpt-4.1', gateway: 'direct', configured: false }),
    );
    expect(byName.get('claude-sonnet-4.5')).toMatchObject({
      gateway: 'direct',
      id: 'anthropic/claude-sonnet-4.5',
      sent_id: 'claude-sonnet-4-5',
      listed: true,
    });
    expect(byName.get('gpt-4.1')).toMatchObject({
      gateway: 'router',
      sent_id: 'openai/gpt-4.1',
      listed: true,
    });
    expect(byName.get('mine')).toMatchObject({ sent_id: 'local-llama', listed: true });
    // Catalogue models left on the default gateway (no base URL) are not shown.
    expect(byName.has('deepseek-v3.2')).toBe(false);
    expect(plain.seen.filter((s) => s.path === '/v1/models')).toHaveLength(1);
    expect(routed.seen.filter((s) => s.path === '/v1/models')).toHaveLength(1);

    const table = await runCli(home, ['models', '--quiet']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`gateway direct (${plain.url}): 3 listed`);
    expect(table.stdout).toContain(`gateway router (${routed.url}): 2 listed`);
    expect(table.stderr).toBe('');
  });

  it('with no base URL anywhere still exits 2 saying how to set one', async () => {
    const r = await runCli(tempHome(), ['models']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no base URL: pass --base-url/);
  });
});
