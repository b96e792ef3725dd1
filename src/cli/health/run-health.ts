import type { HealthOptions } from './options.js';
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { outputPath } from '../output-file.js';
import { openRuntime } from '../runtime.js';
import { CheckFailedError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { writeCiOutputs } from './ci-outputs.js';
import { feedState } from '../../health/feed-state.js';
import { healthDocument } from '../../health/health-document.js';
import { parseHealthOptions } from './options.js';
import { probeRound } from '../../health/probe-round.js';
import { checkRequirement, parseRequirement } from '../../health/require.js';
import { healthTargets } from '../../health/targets.js';
import type { WatchContext } from './run-watch.js';
import { renderFooter, renderHealthTable, type HealthLooks } from '../../ui/health-table.js';
import { looksFor } from '../looks.js';
import { probeLines } from './probe-lines.js';

/** `shepherd health`: probe models once, or in rounds with `--watch` (SPEC §5 health). */
export async function runHealth(
  args: string[],
  opts: HealthOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const withSettings = parseHealthOptions(opts);
  if (opts.junit !== undefined) outputPath(opts.junit, '--junit', io.cwd);
  const runtime = await openRuntime(globals, io);
  try {
    const run = withSettings(runtime.settings);
    if (!run.watch) await io.quickExit?.(); // one round: a few probes, then the process ends
    const targets = healthTargets(runtime.settings, args);
    const requirement = parseRequirement(run.require, targets.length);
    const client = runtime.client();
    for (const m of targets) client.gateway(m.gateway); // no base URL → exit 2 before any probe
    const quiet = globals.quiet === true;
    const note = (text: string): void => {
      if (!quiet) io.stderr.write(`${text}\n`);
    };
    const warn = (text: string): void => {
      io.stderr.write(`${text}\n`);
    };
    const probeOpts = {
      kind: run.probe,
      timeoutMs: run.timeoutMs,
      maxLatencyMs: run.maxLatencyMs,
      signal: io.signal,
    };

    if (run.watch) {
      const { runWatch } = await import('./run-watch.js');
      return await runWatch({
        client,
        targets,
        run,
        watch: run.watch,
        requirement,
        probeOpts,
        io,
        looks: looksFor(io, globals),
        note,
        warn,
      });
    }

    const looks = looksFor(io, globals);
    const ctx = { client, targets, run, requirement, probeOpts, io, looks, note, warn };
    return await runOnce(ctx, looksFor(io, globals, 'stderr'));
  } finally {
    await runtime.close();
  }
}

/** One round of probes: table or JSON, CI outputs, and the --require verdict. */
async function runOnce(
  ctx: Omit<WatchContext, 'watch'>,
  stderrLooks: HealthLooks,
): Promise<number> {
  const { client, targets, run, requirement, probeOpts, io } = ctx;
  const checkedAt = client.clock.wallNow();
  const start = client.clock.now();
  // A round over a second shows each model's line on stderr as its probe finishes.
  const lines = probeLines(client.clock, run.probe, stderrLooks, ctx.note);
  const results = await probeRound(client, targets, probeOpts, lines.onResult).finally(lines.done);
  const durationMs = client.clock.now() - start;
  feedState(client, run.probe, results);
  const interrupted = io.signal.aborted;
  const verdict = checkRequirement(requirement, results);
  if (run.json) {
    const doc = healthDocument(results, {
      probe: run.probe,
      checkedAt,
      maxLatencyMs: run.maxLatencyMs,
      require: run.require,
      verdict,
      interrupted,
    });
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    io.stdout.write(renderHealthTable(results, run.probe, ctx.looks));
    io.stdout.write(renderFooter(results, run.probe, ctx.looks.paint, ctx.looks.columns));
  }
  await writeCiOutputs(
    io,
    results,
    {
      probe: run.probe,
      checkedAt,
      durationMs,
      verdict,
      json: run.json,
      ...(run.junit !== undefined ? { junit: run.junit } : {}),
    },
    ctx.warn,
  );
  if (interrupted) {
    ctx.note('interrupted: probes still running were cancelled');
    return EXIT.interrupted;
  }
  if (!verdict.met) throw new CheckFailedError(verdict.message);
  return EXIT.ok;
}
