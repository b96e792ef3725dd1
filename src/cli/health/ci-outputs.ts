import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Io } from '../io.js';
import { writeFileAtomicSync } from '../../core/atomic-file.js';
import { UsageError } from '../../core/errors.js';
import { errorAnnotations, stepSummary } from '../../health/github.js';
import { junitXml } from '../../health/junit.js';
import type { RequirementVerdict } from '../../health/require.js';
import type { ProbeKind, ProbeResult } from '../../health/types.js';

export interface CiContext {
  probe: ProbeKind;
  checkedAt: number;
  durationMs: number;
  verdict: RequirementVerdict;
  json: boolean;
  junit?: string;
}

/**
 * Writes the CI outputs of a finished run: `--junit FILE`, and under GitHub Actions the
 * step summary and one `::error` line per down model. The annotations go to stdout (where
 * GitHub documents workflow commands), except with `--json`, where stdout must hold only
 * the JSON: then they go to stderr, which the runner also scans for workflow commands.
 */
export async function writeCiOutputs(
  io: Io,
  results: readonly ProbeResult[],
  ctx: CiContext,
  warn: (text: string) => void,
): Promise<void> {
  if (ctx.junit !== undefined) {
    const file = resolve(io.cwd, ctx.junit);
    try {
      await mkdir(dirname(file), { recursive: true });
      // Whole or not at all: an async write left the file truncated across event-loop turns,
      // where a second Ctrl-C (which ends the process at once) could leave it half written.
      writeFileAtomicSync(file, junitXml(results, ctx));
    } catch (err) {
      throw new UsageError(
        `--junit: cannot write ${file}: ${(err as Error).message}; pick a writable path`,
      );
    }
  }
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  const annotations = errorAnnotations(results);
  if (annotations) (ctx.json ? io.stderr : io.stdout).write(annotations);
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      await appendFile(
        summaryFile,
        stepSummary(results, {
          probe: ctx.probe,
          checkedAt: ctx.checkedAt,
          requireMessage: ctx.verdict.message,
          met: ctx.verdict.met,
        }),
      );
    } catch (err) {
      warn(
        `warning: could not append to $GITHUB_STEP_SUMMARY (${summaryFile}): ${(err as Error).message}`,
      );
    }
  }
}
