import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo, type StringStream } from '../../src/cli/io.js';
import { homeEnv } from './home-env.js';
import { createSimulator, type ModelProfile, type Simulator } from '../../src/simulator/server.js';

/**
 * A simulator with fast models a, b, c (and `big` with a large context window) plus a temp
 * HOME with a config file routing a → b → c, fast retries and short timeouts.
 */
export async function chatEnv(
  models: Record<string, Partial<ModelProfile>> = {},
  options: { apiKeys?: string[]; config?: Record<string, unknown> } = {},
): Promise<{
  sim: Simulator;
  home: string;
  env: Record<string, string>;
  run(
    args: string[],
    extra?: { env?: Record<string, string>; stdin?: Readable; signal?: AbortSignal },
  ): Promise<{
    code: number;
    stdout: string;
    stderr: string;
  }>;
  /** Like run, but returns at once: the live Io (poll its streams) and the finished run. */
  start(
    args: string[],
    extra?: { env?: Record<string, string>; stdin?: Readable; signal?: AbortSignal },
  ): {
    stdout: StringStream;
    stderr: StringStream;
    done: Promise<{ code: number; stdout: string; stderr: string }>;
  };
  count(model: string): number;
}> {
  const fast: Partial<ModelProfile> = { ttftMs: 1, itlMs: 0, outputTokens: 6 };
  const sim = await createSimulator({
    profile: {
      name: 'chat-test',
      models: {
        a: { ...fast, id: 'a', ...models.a },
        b: { ...fast, id: 'b', ...models.b },
        c: { ...fast, id: 'c', ...models.c },
        big: { ...fast, id: 'big', ...models.big },
      },
    },
    ...(options.apiKeys ? { apiKeys: options.apiKeys } : {}),
  });
  const home = mkdtempSync(join(tmpdir(), 'shepherd-chat-'));
  const config = {
    gateways: { default: { baseUrl: sim.url } },
    models: {
      a: { id: 'a', contextWindow: 8000, price: { input: 1, output: 2 } },
      b: { id: 'b', contextWindow: 8000, price: { input: 3, output: 4 } },
      c: { id: 'c', price: { input: 5, output: 6 } },
      big: { id: 'big', contextWindow: 1000000, price: { input: 1, output: 1 } },
    },
    routes: { default: ['a', 'b', 'c'] },
    retry: { attempts: 2, baseDelay: '20ms', maxDelay: '100ms', maxRetryAfter: '10s' },
    timeouts: { connect: '1s', firstToken: '2s', idle: '2s', attempt: '5s', deadline: '20s' },
    ...options.config,
  };
  writeFileSync(join(home, 'shepherd.config.json'), JSON.stringify(config));
  const env = homeEnv(home);
  const start = (
    args: string[],
    extra: { env?: Record<string, string>; stdin?: Readable; signal?: AbortSignal } = {},
  ) => {
    const io = memoryIo({
      env: { ...env, ...extra.env },
      cwd: home,
      ...(extra.stdin ? { stdin: extra.stdin } : {}),
      ...(extra.signal ? { signal: extra.signal } : {}),
    });
    const done = main(args, io).then((code) => ({
      code,
      stdout: io.stdout.text,
      stderr: io.stderr.text,
    }));
    return { stdout: io.stdout, stderr: io.stderr, done };
  };
  return {
    sim,
    home,
    env,
    run: (args, extra) => start(args, extra).done,
    start,
    count: (model) => sim.log.filter((e) => e.model === model).length,
  };
}

/** Registers an afterEach that closes the env's simulator; returns a factory for one env per test. */
export function useChatEnv(): (...args: Parameters<typeof chatEnv>) => Promise<ChatEnv> {
  let current: ChatEnv | undefined;
  afterEach(async () => {
    await current?.sim.close();
    current = undefined;
  });
  return async (...args) => {
    current = await chatEnv(...args);
    return current;
  };
}

export type ChatEnv = Awaited<ReturnType<typeof chatEnv>>;
