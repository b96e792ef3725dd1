import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';
import { ConfigError } from '../core/errors.js';

/** The page script (with uPlot) and stylesheet that the build bundles for every report. */
export interface ReportAssets {
  js: string;
  css: string;
}

let cached: ReportAssets | undefined;

/**
 * Reads the bundle the build wrote (scripts/bundle-report.mjs). A missing one is a broken
 * install, not a bug: a ConfigError (exit 2, as for the shipped corpus and catalogue).
 */
export function reportAssets(root: string = packageRoot()): ReportAssets {
  if (cached) return cached;
  const dir = join(root, 'dist/report/browser');
  try {
    cached = {
      js: readFileSync(join(dir, 'report.js'), 'utf8'),
      css: readFileSync(join(dir, 'report.css'), 'utf8'),
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(
      `the report's page script is missing from ${dir} (${code}); this install of llm-shepherd is incomplete: reinstall it (from a checkout: npm run build)`,
    );
  }
  return cached;
}
