import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { InterruptedError } from '../../src/core/errors.js';
import { chatBody, chatUrl, send } from './helpers.js';

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const LINE = /^shepherd simulator listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n$/;

describe('shepherd simulate', () => {
  it('prints its URL, serves until Ctrl-C, then closes and returns 130', async () => {
    const controller = new AbortController();
    const io = memoryIo({ signal: controller.signal });
    const running = main(['simulate', '--port', '0', '--profile', 'zero', '--seed', '3'], io);
    await waitFor(() => io.stdout.text.includes('\n'));
    const url = LINE.exec(io.stdout.text)?.[1];
    expect(url).toBeDefined();
    expect(io.stderr.text).toMatch(/^profile zero; try: curl -N http:\/\/127.*\n$/);
    const res = await send(chatUrl(url!), { body: chatBody('gpt-4.1', { stream: true }) });
    expect(res.body.endsWith('data: [DONE]\n\n')).toBe(true);

    controller.abort(new InterruptedError());
    expect(await running).toBe(130);
    expect((await send(`${url}/health`, { timeoutMs: 1000 })).error).toBe('ECONNREFUSED');
  });

  it('with several keys the curl hint expands to the first one (the variable holds k1,k2)', async () => {
    const keys = ['sk-test.FAKE-first-01', 'sk-test.FAKE-second-02'];
    const controller = new AbortController();
    const io = memoryIo({ signal: controller.signal, env: { SIM_KEYS: keys.join(',') } });
    const running = main(
      ['simulate', '--port', '0', '--profile', 'zero', '--api-key-env', 'SIM_KEYS'],
      io,
    );
    await waitFor(() => io.stderr.text.includes('try: curl'));
    for (const key of keys) expect(io.stderr.text + io.stdout.text).not.toContain(key);
    // What a shell makes of the hint's header is one key the simulator accepts.
    const ref = /Authorization: Bearer ([^"]+)"/.exec(io.stderr.text)![1]!;
    const shell = spawnSync('bash', ['-c', `printf %s "${ref}"`], {
      env: { SIM_KEYS: keys.join(',') },
      encoding: 'utf8',
    });
    expect(shell.stdout).toBe(keys[0]);
    const url = LINE.exec(io.stdout.text)![1]!;
    const first = await send(chatUrl(url), {
      body: chatBody('gpt-4.1'),
      headers: { authorization: `Bearer ${shell.stdout}` },
    });
    expect(first.status).toBe(200);
    controller.abort();
    expect(await running).toBe(130);
  });

  it('checks the key from --api-key-env and never prints it', async () => {
    const key = 'sk-test.FAKEcliKey00000042';
    const controller = new AbortController();
    const io = memoryIo({ signal: controller.signal, env: { SIM_KEY: key } });
    const running = main(
      ['simulate', '--port', '0', '--profile', 'zero', '--api-key-env', 'SIM_KEY', '--log'],
      io,
    );
    await waitFor(() => io.stdout.text.includes('\n'));
    const url = LINE.exec(io.stdout.text)![1]!;
    expect(io.stderr.text).toContain('Authorization: Bearer $SIM_KEY');
    expect((await send(chatUrl(url), { body: chatBody('gpt-4.1') })).status).toBe(401);
    const ok = await send(chatUrl(url), {
      body: chatBody('gpt-4.1'),
      headers: { authorization: `Bearer ${key}` },
    });
    expect(ok.status).toBe(200);
    await waitFor(() => io.stderr.text.split('\n').length >= 4);
    expect(io.stderr.text).toContain('POST /v1/chat/completions 401 unauthorized');
    expect(io.stderr.text).toContain('POST /v1/chat/completions 200 gpt-4.1');
    controller.abort();
    expect(await running).toBe(130);
    expect(io.stdout.text + io.stderr.text).not.toContain(key);
  });

  it('exits 2 on a bad --port, --seed, profile or an unset key variable', async () => {
    for (const [args, message] of [
      [['--port', '70000'], "--port: '70000' is not a port"],
      [['--port', 'abc'], "--port: 'abc' is not a port"],
      [['--seed', 'x'], "--seed: 'x' is not an integer"],
      [['--profile', 'nosuch'], "unknown simulator profile 'nosuch'"],
      [['--api-key-env', 'UNSET_VAR'], '--api-key-env UNSET_VAR'],
    ] as const) {
      const io = memoryIo();
      expect(await main(['simulate', ...args], io), args.join(' ')).toBe(2);
      expect(io.stderr.text).toContain(message);
      expect(io.stderr.text.trim().split('\n')).toHaveLength(1);
      expect(io.stdout.text).toBe('');
    }
  });

  it('uses --simulate-profile when --profile is not given', async () => {
    const controller = new AbortController();
    const io = memoryIo({ signal: controller.signal });
    // A profile file whose only model is down: its 503 shows which profile is served.
    const file = join(mkdtempSync(join(tmpdir(), 'shepherd-sim-')), 'down.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'down',
        models: { 'gpt-4.1': { faults: [{ type: 'server_error', probability: 1, status: 503 }] } },
      }),
    );
    const running = main(['simulate', '--simulate-profile', file, '--quiet'], io);
    await waitFor(() => io.stdout.text.includes('\n'));
    const url = LINE.exec(io.stdout.text)![1]!;
    expect(io.stderr.text).toBe('');
    expect((await send(chatUrl(url), { body: chatBody('gpt-4.1') })).status).toBe(503);
    controller.abort();
    expect(await running).toBe(130);
  });
});
