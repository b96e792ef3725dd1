import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('program', () => {
  it('prints the version and exits 0', async () => {
    const io = memoryIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.stdout.text.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists the commands in --help', async () => {
    const io = memoryIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const name of ['chat', 'health', 'bench', 'cost', 'models', 'config', 'simulate']) {
      expect(io.stdout.text).toContain(name);
    }
  });

  it('exits 2 with a one-line hint on an unknown flag', async () => {
    const io = memoryIo();
    expect(await main(['--bogus'], io)).toBe(2);
    expect(io.stderr.text).toBe("shepherd: unknown option '--bogus' (see shepherd --help)\n");
  });

  it('accepts global flags after the command name', async () => {
    const io = memoryIo();
    const code = await main(['cost', '--quiet', '--no-color', '--bogus'], io);
    expect(code).toBe(2);
    expect(io.stderr.text).toContain("'--bogus'");
  });
});
