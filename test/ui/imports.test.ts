import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * ink and react are heavy: only the TUI path may load them, and only lazily. These checks
 * keep `chat`, `health`, `cost` and `--version` free of them, and the UI free of the network.
 */

const SRC = join(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

// `import type` / `export type` are erased at compile time: they load nothing.
const STATIC_IMPORT = /^\s*(?:import|export)\s(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]/gm;

function staticImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)].map((m) => m[1] as string);
}

describe('module boundaries', () => {
  it('imports ink and react only from the .tsx files of src/ui', () => {
    const importers: string[] = [];
    for (const file of files(SRC)) {
      const heavy = staticImports(file).filter((s) => /^(ink|react)(\/|$)/.test(s));
      if (heavy.length > 0) importers.push(relative(SRC, file));
    }
    expect(importers).toContain('ui/live-view.tsx'); // the check sees real imports
    for (const f of importers) expect(f).toMatch(/^ui\/[^/]+\.tsx$/);
  });

  it('never imports the TUI modules statically outside them', () => {
    for (const file of files(SRC)) {
      if (file.endsWith('.tsx')) continue;
      const tui = staticImports(file).filter((s) => /(live-view|bench-view)\.js$/.test(s));
      expect(tui, relative(SRC, file)).toEqual([]);
    }
  });

  it('keeps src/ui off the network', () => {
    for (const file of files(join(SRC, 'ui'))) {
      const net = staticImports(file).filter((s) => /undici|\/client|\/net/.test(s));
      expect(net, relative(SRC, file)).toEqual([]);
    }
  });
});
