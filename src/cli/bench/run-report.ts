import { evaluateSlo, parseSlo } from '../../bench/index.js';
import type { Io } from '../io.js';
import { outputPath, writeOutputFile } from '../output-file.js';
import { packageVersion } from '../version.js';
import { reportPageFromFiles } from './report-files.js';
import { parsePercent } from './bench-options.js';
import { EXIT } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { renderReportHtml } from '../../report/html.js';

export interface BenchReportOptions {
  out?: string;
  baseline?: string;
  maxRegression?: string;
  slo?: string;
}

/**
 * `shepherd bench report RESULT.json [MORE.json…] --out FILE.html [--baseline FILE] [--slo
 * TERMS]`: one self-contained HTML report of saved results (shards are merged exactly first).
 */
export async function runBenchReport(
  files: string[],
  opts: BenchReportOptions,
  quiet: boolean,
  io: Io,
): Promise<number> {
  if (opts.out === undefined) {
    throw new UsageError('bench report needs --out FILE.html: where to write the report');
  }
  const outFile = outputPath(opts.out, '--out', io.cwd);
  const slo = opts.slo !== undefined ? parseSlo(opts.slo) : undefined;
  const maxRegressionPct =
    opts.maxRegression !== undefined ? parsePercent(opts.maxRegression, '--max-regression') : 10;
  const page = reportPageFromFiles(files, io.cwd, {
    baseline: opts.baseline,
    maxRegressionPct,
    version: packageVersion(),
  });
  // Merged shards carry no verdicts (bench merge drops them): --slo judges the merged figures.
  if (slo && page.run)
    page.run.doc = { ...page.run.doc, slo: evaluateSlo(slo, page.run.doc.targets) };
  writeOutputFile(outFile, renderReportHtml(page), '--out');
  if (!quiet) io.stderr.write(`wrote ${opts.out}\n`);
  return EXIT.ok;
}
