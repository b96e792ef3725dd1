import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * Creates `dir` (and any missing parent) readable by its owner only (0700), as the XDG base
 * directory spec asks for state and data folders: the usage ledger and the health state say
 * which models a user calls and when. A folder an older version left at 0755 is tightened when
 * this user owns it; one owned by someone else is left alone.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    const st = statSync(dir);
    const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
    if (mine && (st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch {
    // A folder we cannot inspect or change still holds files only we can read (0600).
  }
}
