import type { Io } from '../io.js';
import { formatDuration } from '../../config/duration.js';
import type { ModelSettings } from '../../config/types.js';
import type { ShepherdClient } from '../../core/client.js';
import { CheckFailedError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { writeCiOutputs } from './ci-outputs.js';
import { addCost, totalCostUsd } from '../../health/cost.js';
import { feedState } from '../../health/feed-state.js';
import type { MetricsServer } from '../../health/metrics.js';
import type { HealthRun, WatchOptions } from './options.js';
import { probeRound } from '../../health/probe-round.js';
import { renderFooter, renderHealthTable, type HealthLooks } from '../../ui/health-table.js';
import { checkRequirement, type Requirement } from '../../health/require.js';
import type { ProbeOptions, ProbeResult } from '../../health/types.js';
import {
  eventJson,
  eventLine,
  eventText,
  roundJson,
  roundProgress,
  summaryJson,
  summaryText,
  type WatchSummary,
} from '../../health/watch-lines.js';
import { WatchTracker } from '../../health/watch-tracker.js';
import { WebhookSender } from '../../health/webhook.js';

export interface WatchContext {
  client: ShepherdClient;
  targets: ModelSettings[];
  run: HealthRun;
  watch: WatchOptions;
  requirement: Requirement;
  probeOpts: ProbeOptions;
  io: Io;
  /** Colour and width of stdout. */
  looks: HealthLooks;
  note: (text: string) => void;
  warn: (text: string) => void;
}

/**
 * `health --watch`: rounds every `--interval` (start to start) until `--count` rounds or
 * Ctrl-C. Each round feeds the shared state (saved at once, so a chat elsewhere sees it),
 * the metrics, and the tracker whose events are printed and sent to the webhook. The end
 * prints a summary of the last round; exit 130 on Ctrl-C, else the `--require` verdict of
 * the last round.
 */
export async function runWatch(ctx: WatchContext): Promise<number> {
  const { watch, io, warn } = ctx;
  const tracker = new WatchTracker(watch.alertAfter, watch.recoverAfter);
  const webhook = watch.webhook ? new WebhookSender(watch.webhook, io.env, warn) : undefined;
  let metrics: MetricsServer | undefined;
  try {
    if (watch.metrics) metrics = await startWatchMetrics(watch.metrics, ctx);
    ctx.note(watchingLine(ctx));
    const seen = await watchRounds(ctx, { tracker, metrics, webhook });
    return await finishWatch(ctx, seen, tracker);
  } finally {
    await webhook?.close();
    await metrics?.close();
  }
}

/** What the rounds left: the last complete round (the verdict's) and the running cost. */
interface WatchSeen {
  rounds: number;
  last: ProbeResult[];
  lastCheckedAt: number;
  lastDurationMs: number;
  costUsd: number | null;
}

interface WatchSinks {
  tracker: WatchTracker;
  metrics: MetricsServer | undefined;
  webhook: WebhookSender | undefined;
}

async function startWatchMetrics(
  options: NonNullable<WatchOptions['metrics']>,
  ctx: WatchContext,
): Promise<MetricsServer> {
  const { startMetrics } = await import('../../health/metrics.js');
  const metrics = await startMetrics(options);
  // With port 0 the URL is the only way to learn the port, so --quiet keeps it.
  (options.port === 0 ? ctx.warn : ctx.note)(`serving Prometheus metrics on ${metrics.url}`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
    ctx.warn(`warning: the metrics server listens on ${options.host}, not only on loopback`);
  }
  return metrics;
}

function watchingLine({ targets, run, watch }: WatchContext): string {
  return `watching ${targets.length} model${targets.length === 1 ? '' : 's'} (${run.probe} probe) every ${formatDuration(watch.intervalMs)}${watch.count !== undefined ? ` for ${watch.count} round${watch.count === 1 ? '' : 's'}` : ''}; ALERT after ${watch.alertAfter} failure${watch.alertAfter === 1 ? '' : 's'}, RECOVERED after ${watch.recoverAfter} success${watch.recoverAfter === 1 ? '' : 'es'}; Ctrl-C to stop`;
}

/** Rounds every --interval (start to start) until --count rounds or Ctrl-C. */
async function watchRounds(ctx: WatchContext, sinks: WatchSinks): Promise<WatchSeen> {
  const { client, targets, run, watch, io } = ctx;
  const seen: WatchSeen = {
    rounds: 0,
    last: [],
    lastCheckedAt: client.clock.wallNow(),
    lastDurationMs: 0,
    costUsd: null,
  };
  while (!io.signal.aborted) {
    const round = seen.rounds + 1;
    const start = client.clock.now();
    const checkedAt = client.clock.wallNow();
    const results = await probeRound(client, targets, ctx.probeOpts);
    feedState(client, run.probe, results);
    client.store.save();
    seen.costUsd = addCost(seen.costUsd, totalCostUsd(results));
    if (io.signal.aborted) {
      // An interrupted round is not a verdict: keep the last complete one (if any).
      if (seen.rounds === 0) {
        seen.last = results;
        seen.lastCheckedAt = checkedAt;
      }
      break;
    }
    seen.rounds = round;
    seen.last = results;
    seen.lastCheckedAt = checkedAt;
    seen.lastDurationMs = client.clock.now() - start;
    reportRound(ctx, sinks, round, results, checkedAt);
    if (watch.count !== undefined && round >= watch.count) break;
    const wait = watch.intervalMs - (client.clock.now() - start);
    try {
      await client.clock.sleep(Math.max(0, wait), io.signal);
    } catch {
      break; // Ctrl-C during the pause: stop at once
    }
  }
  return seen;
}

/** A round's events (printed, and alerts/recoveries sent to the webhook), metrics and progress. */
function reportRound(
  ctx: WatchContext,
  sinks: WatchSinks,
  round: number,
  results: ProbeResult[],
  checkedAt: number,
): void {
  const { run, io } = ctx;
  const events = sinks.tracker.observe(round, results);
  sinks.metrics?.record(results, sinks.tracker);
  for (const e of events) {
    const obj = eventJson(e, checkedAt);
    io.stdout.write(run.json ? `${JSON.stringify(obj)}\n` : eventLine(e, checkedAt));
    if (sinks.webhook && e.kind !== 'change') {
      const label = `${e.kind === 'alert' ? 'ALERT' : 'RECOVERED'} for ${e.model}`;
      sinks.webhook.send({ ...obj, text: `shepherd health: ${eventText(e)}` }, label);
    }
  }
  if (run.json)
    io.stdout.write(
      `${JSON.stringify(roundJson(round, results, { probe: run.probe, checkedAt }))}\n`,
    );
  ctx.note(roundProgress(round, results));
}

/** The summary of the last round, CI outputs, and the exit: 130 on Ctrl-C, else --require. */
async function finishWatch(
  ctx: WatchContext,
  seen: WatchSeen,
  tracker: WatchTracker,
): Promise<number> {
  const { run, io } = ctx;
  const { rounds, last } = seen;
  const interrupted = io.signal.aborted;
  const verdict = checkRequirement(ctx.requirement, last);
  const summary: WatchSummary = {
    rounds,
    interrupted,
    alerts: tracker.alerts,
    recoveries: tracker.recoveries,
    alerting: tracker.alerting(),
    costUsd: run.probe === 'completion' ? seen.costUsd : 0,
    require: run.require,
    requireMet: verdict.met,
    probe: run.probe,
    checkedAt: seen.lastCheckedAt,
  };
  if (run.json) {
    io.stdout.write(`${JSON.stringify(summaryJson(last, summary))}\n`);
  } else {
    io.stdout.write(renderHealthTable(last, run.probe, ctx.looks));
    io.stdout.write(renderFooter(last, run.probe, ctx.looks.paint, ctx.looks.columns));
    io.stdout.write(summaryText(summary));
  }
  await writeCiOutputs(
    io,
    last,
    {
      probe: run.probe,
      checkedAt: seen.lastCheckedAt,
      durationMs: seen.lastDurationMs,
      verdict,
      json: run.json,
      ...(run.junit !== undefined ? { junit: run.junit } : {}),
    },
    ctx.warn,
  );
  if (interrupted) {
    ctx.note(`interrupted after ${rounds} round${rounds === 1 ? '' : 's'}`);
    return EXIT.interrupted;
  }
  if (!verdict.met) throw new CheckFailedError(verdict.message);
  return EXIT.ok;
}
