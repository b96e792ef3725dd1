import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 2: commands return exit codes; nothing calls process.exit outside bin/ (so output is
// flushed, tests can run commands in-process, and exit codes are decided in one place).
const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('src/', () => {
  it('never calls process.exit or console.log', () => {
    const offenders = sources(SRC).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ file, line: i + 1, text: line }))
        .filter(({ text }) => /\bprocess\.exit\s*\(|\bconsole\.log\s*\(/.test(text)),
    );
    expect(offenders).toEqual([]);
  });
});
