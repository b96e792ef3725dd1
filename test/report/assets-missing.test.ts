import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { exitCodeForError } from '../../src/core/exit-codes.js';
import { reportAssets } from '../../src/report/assets.js';

describe('report assets of a broken install', () => {
  it('a missing page script is a ConfigError naming the folder (exit 2), not an internal error', () => {
    const root = mkdtempSync(join(tmpdir(), 'shepherd-no-report-'));
    let caught: unknown;
    try {
      reportAssets(root);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain(join(root, 'dist/report/browser'));
    expect(message).toMatch(/\(ENOENT\); this install of llm-shepherd is incomplete: reinstall it/);
    expect(message).not.toContain('\n');
    expect(exitCodeForError(caught)).toBe(2);
  });
});
