import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';

/** The page script (with uPlot) and stylesheet that the build bundles for every report. */
export interface ReportAssets {
  js: string;
  css: string;
}

let cached: ReportAssets | undefined;

/** Reads the bundle the build wrote (scripts/bundle-report.mjs); a missing one says so. */
export function reportAssets(): ReportAssets {
  if (cached) return cached;
  const dir = join(packageRoot(), 'dist/report/browser');
  try {
    cached = {
      js: readFileSync(join(dir, 'report.js'), 'utf8'),
      css: readFileSync(join(dir, 'report.css'), 'utf8'),
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new Error(
      `the report's page script is missing from ${dir} (${code}); this install is incomplete (from a checkout: npm run build)`,
    );
  }
  return cached;
}
