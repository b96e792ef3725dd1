import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDuration } from '../../src/config/duration.js';
import { scriptedServer, sse } from '../helpers/scripted-server.js';
import { fastConfig, runCli, tempHome } from '../helpers/cli-run.js';

describe('durations past what a timer holds are refused (item 6)', () => {
  it('the maximum is 480h, below 2^31 ms', () => {
    expect(MAX_DURATION_MS).toBeLessThan(2 ** 31);
    expect(parseDuration('480h')).toBe(MAX_DURATION_MS);
    expect(() => parseDuration('481h', '--interval')).toThrow(/longest duration is 480h/);
  });

  it('flags and config durations above it exit 2 before any request', async () => {
    const server = await scriptedServer({ '*': [sse(['ok'])] });
    try {
      const home = tempHome(fastConfig(server.url));
      for (const args of [
        ['health', '--watch', '--interval', '600h', '--count', '20', 'a'],
        ['bench', '-d', '600h', '-m', 'a', '--no-tui'],
        ['bench', '-n', '2', '--warmup', '600h', '-m', 'a', '--no-tui'],
        ['chat', '--deadline', '2147484s', 'hi'],
        ['chat', '--timeout', '600h', 'hi'],
      ]) {
        const r = await runCli(home, args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
        expect(r.stderr).toMatch(/too long; the longest duration is 480h/);
      }
      const inFile = tempHome(fastConfig(server.url, { health: { interval: '600h' } }));
      const r = await runCli(inFile, ['chat', 'hi']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/health\.interval.*at most 480h/);
      expect(server.seen).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
