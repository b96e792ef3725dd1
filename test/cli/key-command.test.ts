import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { readKeyCommand } from '../../src/cli/key-command.js';

describe('apiKeyCmd', () => {
  it('runs the command once per process and takes the first line of its stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shepherd-keycmd-'));
    const count = join(dir, 'runs');
    writeFileSync(count, '');
    const cmd = `echo run >> '${count}'; printf 'sk-first-line\\nsecond line\\n'`;
    const io = memoryIo({ cwd: dir, env: { PATH: process.env.PATH } });
    expect(readKeyCommand(cmd, 'gw', io)).toBe('sk-first-line');
    expect(readKeyCommand(cmd, 'gw', io)).toBe('sk-first-line');
    expect(readFileSync(count, 'utf8')).toBe('run\n');
    expect(io.stdout.text + io.stderr.text).toBe('');
  });
});
