import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readPiped } from '../../src/cli/stdin.js';
import type { InStream } from '../../src/cli/io.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('readPiped', () => {
  it('reads a piped stream to its end', async () => {
    expect(await readPiped(Readable.from(['diff --git a', '\n+line\n']))).toBe(
      'diff --git a\n+line\n',
    );
  });

  it('returns nothing without stdin', async () => {
    expect(await readPiped(undefined)).toBe('');
  });

  it('gives up on a silent non-pipe stdin after idleMs instead of hanging', async () => {
    vi.useFakeTimers();
    const silent: InStream = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise(() => {}),
        return: async () => ({ done: true, value: undefined }),
      }),
    };
    const result = readPiped(silent, 250);
    await vi.advanceTimersByTimeAsync(250);
    expect(await result).toBe('');
  });

  it('keeps reading once the first byte arrived in time', async () => {
    expect(await readPiped(Readable.from(['a', 'b']), 250)).toBe('ab');
  });
});
