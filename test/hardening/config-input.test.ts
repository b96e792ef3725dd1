import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES } from '../../src/config/config-file.js';
import { tempHome, runCli } from '../helpers/cli-run.js';

// Issue 17 item 18: a route of thousands of models resolves in linear time; a config path
// that is a FIFO or a device, or a huge file, is refused at once (exit 2) instead of hanging.

describe('config input (item 18)', () => {
  it('a route of 8,000 models (names and aliases) resolves in well under a second or two', async () => {
    const models: Record<string, unknown> = {};
    const route: string[] = [];
    for (let i = 0; i < 8000; i++) {
      models[`m${i}`] = { id: `prov/m${i}`, aliases: [`al${i}`] };
      route.push(i % 3 === 0 ? `m${i}` : i % 3 === 1 ? `al${i}` : `prov/m${i}`);
    }
    const home = tempHome({
      gateways: { default: { baseUrl: 'http://127.0.0.1:9/v1' } },
      models,
      routes: { default: route },
    });
    const started = performance.now();
    const r = await runCli(home, ['cost', '--tokens', '1M', '--json']);
    const took = performance.now() - started;
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { rows: unknown[] }).rows).toHaveLength(8000);
    // Quadratic, this took 12 s or more; linear, it is a fraction of a second.
    expect(took).toBeLessThan(4000);
  });

  it('a FIFO as --config is refused at once, never waited on', async () => {
    const home = tempHome();
    const fifo = join(home, 'config.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(home, ['--config', fifo, 'config']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is a FIFO (named pipe), not a regular file');
  });

  it('/dev/zero as --config is refused (a device)', async () => {
    const r = await runCli(tempHome(), ['--config', '/dev/zero', 'config']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is a device, not a regular file');
  });

  it('a config file above the size limit is refused', async () => {
    const home = tempHome();
    const big = join(home, 'big.json');
    writeFileSync(big, `{"models":{},"pad":"${'x'.repeat(MAX_CONFIG_BYTES)}"}`);
    const r = await runCli(home, ['--config', big, 'config']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is larger than 8.0 MB');
  });
});
