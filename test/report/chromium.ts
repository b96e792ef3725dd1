import { existsSync } from 'node:fs';

/**
 * Debian's chromium, which the report's browser test drives. CI installs it (.ci/run); a
 * machine without it fails the test with this hint instead of skipping it.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `no chromium found (looked at ${CANDIDATES.join(', ')}): install it with apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  }
  return found;
}
