import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/** Obviously fake keys: never real, and easy to search for in output. */
export const FAKE_KEY = 'sk-test.FAKEFAKEFAKEFAKE0000abcd';
export const FAKE_KEY_2 = 'sk-test.FAKEFAKEFAKEFAKE1111efgh';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir (removed after the test) with `home/` and `work/` inside. */
export function tempDirs(): { root: string; home: string; cwd: string } {
  const root = mkdtempSync(join(tmpdir(), 'shepherd-config-'));
  made.push(root);
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  mkdirSync(home);
  mkdirSync(cwd);
  return { root, home, cwd };
}

/** Writes `content` (an object is JSON-encoded) to `path`, creating directories. */
export function writeJson(path: string, content: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}
