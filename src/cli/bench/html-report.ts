import type { BaselineComparison, BenchResult, SweepResult } from '../../bench/index.js';
import { renderReportHtml } from '../../report/html.js';
import { writeOutputFile } from '../output-file.js';
import { packageVersion } from '../version.js';

/** `bench --report FILE.html`: the run just measured (and its baseline) as an HTML report. */
export function writeHtmlReport(
  file: string,
  result: BenchResult,
  baseline: { doc: BenchResult; file: string; comparison: BaselineComparison } | undefined,
): void {
  const html = renderReportHtml({
    run: { doc: result, sources: ['this run'] },
    baseline,
    version: packageVersion(),
  });
  writeOutputFile(file, html, '--report');
}

/** `bench --sweep … --report FILE.html`: the sweep just run as an HTML report. */
export function writeSweepHtmlReport(file: string, result: SweepResult): void {
  const html = renderReportHtml({
    sweeps: [{ doc: result, file: 'this sweep' }],
    version: packageVersion(),
  });
  writeOutputFile(file, html, '--report');
}
