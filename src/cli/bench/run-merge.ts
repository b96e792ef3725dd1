import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { looksFor } from '../looks.js';
import { outputPath, writeOutputFile } from '../output-file.js';
import { readResult } from './result-file.js';
import { sloUnjudgedLine, sloViolationLine, writeGithub } from './bench-report.js';
import { mergeResults, evaluateSlo, parseSlo } from '../../bench/index.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { renderBenchSummary } from '../../ui/bench-summary.js';

export interface BenchMergeOptions {
  out?: string;
  json?: boolean;
  /** SLO terms checked against the merged figures (every request of every shard). */
  slo?: string;
}

/** `shepherd bench merge A.json B.json... [--out FILE] [--slo TERMS]`: exact merge of shard results. */
export async function runBenchMerge(
  files: string[],
  opts: BenchMergeOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const terms = opts.slo !== undefined ? parseSlo(opts.slo) : [];
  if (files.length < 2)
    throw new UsageError(
      'bench merge needs at least two result files; give the --out files of every shard',
    );
  const outFile = opts.out !== undefined ? outputPath(opts.out, '--out', io.cwd) : undefined;
  const read = files.map((f) => readResult(f, io.cwd));
  const merged = mergeResults(
    read.map((r) => r.doc),
    read.map((r) => r.file),
  );
  if (terms.length > 0) merged.slo = evaluateSlo(terms, merged.targets);
  if (outFile) writeOutputFile(outFile, `${JSON.stringify(merged, null, 2)}\n`, '--out');
  if (opts.json) io.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
  else {
    io.stdout.write(renderBenchSummary(merged, looksFor(io, globals)));
  }
  if (opts.out !== undefined && globals.quiet !== true) io.stderr.write(`wrote ${opts.out}\n`);
  writeGithub(io, merged, undefined, opts);
  const violation = sloViolationLine(merged);
  const unjudged = sloUnjudgedLine(merged);
  if (violation) io.stderr.write(violation);
  if (unjudged) io.stderr.write(unjudged);
  if (violation) return EXIT.checkFailed;
  return unjudged ? EXIT.notJudged : EXIT.ok;
}
