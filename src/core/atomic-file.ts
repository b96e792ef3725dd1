import {
  lstatSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Writes `data` to `path` so that a reader (or a crash, a second Ctrl-C, a full disk) never
 * sees a half-written file: a temp file beside it is written in one synchronous call, then
 * renamed over `path`. The old file stays whole until the rename; the temp file is removed
 * when anything fails.
 *
 * Only a regular file (or a path that does not exist yet) is replaced that way. A device,
 * a FIFO or a `/dev/fd/N` descriptor is written through (renaming over it would replace the
 * node with a regular file), and a symlink is followed: its target is written, the link stays.
 */
export function writeFileAtomicSync(
  path: string,
  data: string,
  options: { mode?: number } = {},
): void {
  const fd = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(path)?.[1];
  if (fd !== undefined) {
    // An inherited descriptor (`--junit >(cat)`, `--out /dev/fd/3`): written to as it is,
    // which also works where opening it by name does not (a socket gives ENXIO).
    writeAllSync(Number(fd), data);
    return;
  }
  const existing = statOrUndefined(path);
  if (existing && !existing.isFile()) {
    // Character/block device, FIFO, socket, /dev/fd/N: write into it. (A directory fails
    // here with EISDIR, as it should.)
    writeFileSync(path, data);
    return;
  }
  const target = linkTarget(path);
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : undefined);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data, mode !== undefined ? { mode } : {});
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written, or already renamed
    }
    throw err;
  }
}

function writeAllSync(fd: number, data: string): void {
  const buf = Buffer.from(data, 'utf8');
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path); // follows symlinks
  } catch {
    return undefined;
  }
}

/** The file a path names after every symlink (a dangling link: where it points). */
function linkTarget(path: string): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let isLink = false;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return current; // does not exist: created as a new file
    }
    if (!isLink) {
      try {
        return realpathSync(current);
      } catch {
        return current;
      }
    }
    current = resolve(dirname(current), readlinkSync(current));
  }
  return current;
}
