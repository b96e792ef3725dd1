import { appendFileSync } from 'node:fs';
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { looksFor } from '../looks.js';
import { writeOutputFile } from '../output-file.js';
import {
  unjudgedSlo,
  violatedSlo,
  type BaselineComparison,
  type BenchResult,
} from '../../bench/index.js';
import { EXIT } from '../../core/exit-codes.js';
import { baselineMarkdown, renderBaselineTable } from '../../ui/baseline-table.js';
import { formatSloValue, renderBenchNotes, renderBenchSummary } from '../../ui/bench-summary.js';
import { githubAnnotations, renderGithubSummary } from '../../ui/github-summary.js';
import { writeHtmlReport } from './html-report.js';

/** What a finished bench prints and writes: the result, its file, notes, the CI summary, and the verdict. */

export interface ReportOptions {
  json: boolean;
  /** `--out` as typed (for the note) and resolved. */
  out: string | undefined;
  outFile: string | undefined;
  /** Warnings the progress display already printed (each warning is printed once). */
  shownWarnings?: ReadonlySet<string>;
  /** `--report` as typed and resolved: the HTML report, with the baseline overlaid when given. */
  report?: string | undefined;
  reportFile?: string | undefined;
  baseline?: { file: string; doc: BenchResult } | undefined;
}

/** stdout: the JSON document or the summary (and baseline table); then --out, notes, GitHub. */
export function writeBenchReport(
  io: Io,
  globals: GlobalOptions,
  result: BenchResult,
  comparison: BaselineComparison | undefined,
  opts: ReportOptions,
): void {
  const quiet = globals.quiet === true;
  if (opts.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const looks = looksFor(io, globals);
    io.stdout.write(renderBenchSummary(result, looks));
    if (comparison) io.stdout.write(renderBaselineTable(comparison, looks));
  }
  // After the results are on stdout: a file that cannot be written loses nothing else.
  if (opts.outFile) writeOutputFile(opts.outFile, `${JSON.stringify(result, null, 2)}\n`, '--out');
  if (!quiet) {
    const looks = looksFor(io, globals, 'stderr');
    io.stderr.write(
      renderBenchNotes(result, {
        ...looks,
        ...(opts.shownWarnings ? { shownWarnings: opts.shownWarnings } : {}),
      }),
    );
  }
  if (opts.out && !quiet) io.stderr.write(`wrote ${opts.out}\n`);
  if (opts.reportFile) {
    const base = opts.baseline && comparison ? { ...opts.baseline, comparison } : undefined;
    writeHtmlReport(opts.reportFile, result, base);
    if (!quiet) io.stderr.write(`wrote ${opts.report}\n`);
  }
  writeGithub(io, result, comparison, opts);
}

/**
 * The verdict on stderr and the exit code: interrupted 130; nothing succeeded 4; an SLO
 * violated or a regression beyond the threshold 1; an SLO term the sample was too thin to
 * judge (and nothing else failed) 6; else 0.
 */
export function benchVerdict(
  io: Io,
  result: BenchResult,
  comparison: BaselineComparison | undefined,
  interrupted: boolean,
): number {
  const violated = violatedSlo(result.slo ?? []);
  if (violated.length > 0) io.stderr.write(sloViolationLine(result));
  const unjudged = unjudgedSlo(result.slo ?? []);
  if (unjudged.length > 0) io.stderr.write(sloUnjudgedLine(result));
  const regressed = comparison !== undefined && comparison.regressions.length > 0;
  if (regressed) io.stderr.write(regressionLine(comparison));
  if (interrupted) return EXIT.interrupted;
  if (result.targets.reduce((n, t) => n + t.ok, 0) === 0) {
    io.stderr.write(`shepherd: no request succeeded: ${failureSummary(result)}\n`);
    return EXIT.unavailable;
  }
  if (violated.length > 0 || regressed) return EXIT.checkFailed;
  if (unjudged.length > 0) return EXIT.notJudged;
  return EXIT.ok;
}

function regressionLine(comparison: BaselineComparison): string {
  const rows = comparison.regressions.map(
    (r) =>
      `${r.target} ${r.figure} ${r.deltaPct === null ? '' : `${r.deltaPct > 0 ? '+' : ''}${r.deltaPct.toFixed(1)}%`}`,
  );
  return `shepherd: regression beyond ${comparison.maxRegressionPct}% and the noise: ${rows.join('; ')}\n`;
}

function failureSummary(result: BenchResult): string {
  return result.targets
    .map((t) => {
      const errors = Object.entries(t.errors)
        .map(([cls, n]) => `${cls} ${n}`)
        .join(', ');
      return `${t.name}: ${errors || 'no request completed'}`;
    })
    .join('; ');
}

/** The one-line verdict on stderr naming every violated SLO term ('' when all are met). */
export function sloViolationLine(result: BenchResult): string {
  const violated = violatedSlo(result.slo ?? []);
  if (violated.length === 0) return '';
  return `shepherd: SLO violated: ${violated.map((s) => `${s.target ? `${s.target}: ` : ''}${s.term} (${formatSloValue(s)})`).join('; ')}\n`;
}

/**
 * The one-line note naming every SLO term the sample was too thin to judge, and what to do
 * ('' when every term was judged).
 */
export function sloUnjudgedLine(result: BenchResult): string {
  const unjudged = unjudgedSlo(result.slo ?? []);
  if (unjudged.length === 0) return '';
  const terms = unjudged.map(
    (s) =>
      `${s.target ? `${s.target}: ` : ''}${s.term} needs ${s.samples_needed ?? '?'} ok requests, had ${okCount(result, s.target)}`,
  );
  return `shepherd: SLO not judged (too few samples): ${terms.join('; ')}; run longer (a larger -n or -d) or use a lower percentile (exit 6)\n`;
}

function okCount(result: BenchResult, target: string | undefined): number {
  return result.targets.find((t) => t.name === target)?.ok ?? 0;
}

/** GitHub Actions: a Markdown summary in $GITHUB_STEP_SUMMARY and ::error:: lines for failed checks. */
export function writeGithub(
  io: Io,
  result: BenchResult,
  comparison: BaselineComparison | undefined,
  opts: { json?: boolean },
): void {
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (file) {
    try {
      appendFileSync(
        file,
        renderGithubSummary(result) + (comparison ? baselineMarkdown(comparison) : ''),
      );
    } catch (err) {
      // The result, the JSON and the exit code stand: the summary is a courtesy.
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      io.stderr.write(
        `shepherd: warning: could not append to $GITHUB_STEP_SUMMARY (${file}): ${code}\n`,
      );
    }
  }
  let annotations = githubAnnotations(result);
  for (const r of comparison?.regressions ?? []) {
    annotations += `::error title=shepherd bench regression::${r.target} ${r.figure} ${r.deltaPct === null ? '' : `+${r.deltaPct.toFixed(1)}%`} vs baseline\n`;
  }
  // Annotations go to stdout as GitHub expects, unless stdout carries the JSON document.
  if (annotations) (opts.json ? io.stderr : io.stdout).write(annotations);
}
