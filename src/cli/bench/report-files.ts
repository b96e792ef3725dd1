import {
  compareWithBaseline,
  mergeResults,
  BENCH_SCHEMA,
  parseBenchResult,
  type BenchResult,
} from '../../bench/index.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { ReportPage } from '../../report/html.js';
import { SWEEP_SCHEMA, parseSweepResult, type SweepResult } from '../../report/sweep-input.js';

type ReadDoc = { file: string; bench: BenchResult } | { file: string; sweep: SweepResult };

/** Reads one result file: a `shepherd.bench/v1` or a `shepherd.sweep/v1` document. */
export function readReportFile(file: string, cwd: string, flag?: string): ReadDoc {
  const name = flag ? `${flag} ${file}` : file;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code
        ? `${name}: cannot read it (${code}); pass a result written by shepherd bench --out`
        : `${name}: not JSON; pass a result written by shepherd bench --out`,
    );
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema === SWEEP_SCHEMA) return { file, sweep: parseSweepResult(json, name) };
  if (schema === BENCH_SCHEMA) return { file, bench: parseBenchResult(json, name) };
  throw new UsageError(
    `${name}: not a shepherd result (schema ${JSON.stringify(schema ?? null)}); pass files written by shepherd bench --out (${BENCH_SCHEMA} or ${SWEEP_SCHEMA})`,
  );
}

export interface ReportFilesOptions {
  baseline?: string | undefined;
  maxRegressionPct: number;
  version: string;
}

/**
 * The page for `bench report FILES`: bench results (shards of one run, merged exactly as
 * `bench merge` does; or one run), sweeps, and an optional baseline for the run.
 */
export function reportPageFromFiles(
  files: readonly string[],
  cwd: string,
  o: ReportFilesOptions,
): ReportPage {
  const docs = files.map((f) => readReportFile(f, cwd));
  const runs = docs.flatMap((d) => ('bench' in d ? [d] : []));
  const sweeps = docs.flatMap((d) => ('sweep' in d ? [{ doc: d.sweep, file: d.file }] : []));
  const run =
    runs.length === 0
      ? undefined
      : runs.length === 1
        ? (runs[0] as { bench: BenchResult }).bench
        : mergeResults(
            runs.map((r) => r.bench),
            runs.map((r) => r.file),
          );
  const page: ReportPage = { version: o.version, sweeps };
  if (run) page.run = { doc: run, sources: runs.map((r) => r.file) };
  if (o.baseline !== undefined) {
    if (!run) throw new UsageError('--baseline compares a bench run: give a bench result too');
    const base = readReportFile(o.baseline, cwd, '--baseline');
    if (!('bench' in base))
      throw new UsageError(
        `--baseline ${o.baseline}: a sweep cannot be a baseline; give a bench result`,
      );
    page.baseline = {
      doc: base.bench,
      file: o.baseline,
      comparison: compareWithBaseline(run, base.bench, {
        maxRegressionPct: o.maxRegressionPct,
        baselineFile: o.baseline,
        seed: run.load.seed ?? 1,
      }),
    };
  }
  return page;
}
