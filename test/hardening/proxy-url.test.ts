import { describe, expect, it } from 'vitest';
import { fastConfig, runCli, tempHome } from '../helpers/cli-run.js';

const KEY = 'sk-test.FAKE-pasted-key-0123456789';

describe('proxy variables and URLs with credentials', () => {
  it('a proxy URL with a path, query or fragment is a usage error up front (exit 2, one line)', async () => {
    const home = tempHome(fastConfig('http://127.0.0.1:9/v1'));
    for (const proxy of [
      `http://127.0.0.1:1/?key=${KEY}`,
      'http://127.0.0.1:1/path',
      'http://127.0.0.1:1#x',
    ]) {
      for (const args of [['chat', 'hi'], ['health'], ['models']]) {
        const r = await runCli(home, args, { HTTP_PROXY: proxy });
        expect(r.code, `${args[0]} ${proxy}`).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/HTTP_PROXY .* has a path, query or fragment/);
        expect(r.stderr).not.toContain(KEY);
      }
    }
  });

  it('a key pasted into HTTPS_PROXY is never echoed; config hides ?key= in a base URL', async () => {
    const home = tempHome(fastConfig('http://127.0.0.1:9/v1'));
    for (const proxy of [
      KEY,
      `${KEY.slice(0, 12)}:${KEY.slice(12)}`,
      `http://user:${KEY}@127.0.0.1:1`,
    ]) {
      const chat = await runCli(home, ['chat', 'hi'], { HTTPS_PROXY: proxy });
      const config = await runCli(home, ['config'], { HTTPS_PROXY: proxy });
      const all = chat.stdout + chat.stderr + config.stdout + config.stderr;
      expect(all).not.toContain(KEY.slice(8, 24));
    }
    const withQuery = tempHome(fastConfig(`http://127.0.0.1:9/v1?key=${KEY}&region=eu`));
    const config = await runCli(withQuery, ['config', '--json']);
    expect(config.stdout).toContain('http://127.0.0.1:9/v1?key=***&region=eu');
    const chat = await runCli(withQuery, ['chat', '--json', 'hi']);
    expect(chat.stdout + chat.stderr).not.toContain(KEY.slice(8, 24));
    expect(chat.stdout).toContain('key=***');
  });
});
