import { renameSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * Writes `data` to `path` so that a reader (or a crash, a second Ctrl-C, a full disk) never
 * sees a half-written file: a temp file beside it is written in one synchronous call, then
 * renamed over `path`. The old file stays whole until the rename; the temp file is removed
 * when anything fails.
 */
export function writeFileAtomicSync(
  path: string,
  data: string,
  options: { mode?: number } = {},
): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data, options.mode !== undefined ? { mode: options.mode } : {});
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written, or already renamed
    }
    throw err;
  }
}
