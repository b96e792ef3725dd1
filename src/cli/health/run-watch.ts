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
  const { client, targets, run, watch, io, note, warn } = ctx;
  const tracker = new WatchTracker(watch.alertAfter, watch.recoverAfter);
  const webhook = watch.webhook ? new WebhookSender(watch.webhook, io.env, warn) : undefined;
  let metrics: MetricsServer | undefined;
  try {
    if (watch.metrics) {
      const { startMetrics } = await import('../../health/metrics.js');
      metrics = await startMetrics(watch.metrics);
      // With port 0 the URL is the only way to learn the port, so --quiet keeps it.
      (watch.metrics.port === 0 ? warn : note)(`serving Prometheus metrics on ${metrics.url}`);
      if (!['127.0.0.1', 'localhost', '::1'].includes(watch.metrics.host)) {
        warn(`warning: the metrics server listens on ${watch.metrics.host}, not only on loopback`);
      }
    }
    note(
      `watching ${targets.length} model${targets.length === 1 ? '' : 's'} (${run.probe} probe) every ${formatDuration(watch.intervalMs)}${watch.count !== undefined ? ` for ${watch.count} round${watch.count === 1 ? '' : 's'}` : ''}; ALERT after ${watch.alertAfter} failure${watch.alertAfter === 1 ? '' : 's'}, RECOVERED after ${watch.recoverAfter} success${watch.recoverAfter === 1 ? '' : 'es'}; Ctrl-C to stop`,
    );

    let rounds = 0;
    let last: ProbeResult[] = [];
    let lastCheckedAt = client.clock.wallNow();
    let lastDurationMs = 0;
    let costUsd: number | null = null;
    while (!io.signal.aborted) {
      const round = rounds + 1;
      const start = client.clock.now();
      const checkedAt = client.clock.wallNow();
      const results = await probeRound(client, targets, ctx.probeOpts);
      feedState(client, run.probe, results);
      client.store.save();
      costUsd = addCost(costUsd, totalCostUsd(results));
      if (io.signal.aborted) {
        // An interrupted round is not a verdict: keep the last complete one (if any).
        if (rounds === 0) {
          last = results;
          lastCheckedAt = checkedAt;
        }
        break;
      }
      rounds = round;
      last = results;
      lastCheckedAt = checkedAt;
      lastDurationMs = client.clock.now() - start;
      const events = tracker.observe(round, results);
      metrics?.record(results, tracker);
      for (const e of events) {
        const obj = eventJson(e, checkedAt);
        io.stdout.write(run.json ? `${JSON.stringify(obj)}\n` : eventLine(e, checkedAt));
        if (webhook && e.kind !== 'change') {
          const label = `${e.kind === 'alert' ? 'ALERT' : 'RECOVERED'} for ${e.model}`;
          webhook.send({ ...obj, text: `shepherd health: ${eventText(e)}` }, label);
        }
      }
      if (run.json)
        io.stdout.write(
          `${JSON.stringify(roundJson(round, results, { probe: run.probe, checkedAt }))}\n`,
        );
      note(roundProgress(round, results));
      if (watch.count !== undefined && round >= watch.count) break;
      const wait = watch.intervalMs - (client.clock.now() - start);
      try {
        await client.clock.sleep(Math.max(0, wait), io.signal);
      } catch {
        break; // Ctrl-C during the pause: stop at once
      }
    }

    const interrupted = io.signal.aborted;
    const verdict = checkRequirement(ctx.requirement, last);
    const summary: WatchSummary = {
      rounds,
      interrupted,
      alerts: tracker.alerts,
      recoveries: tracker.recoveries,
      alerting: tracker.alerting(),
      costUsd: run.probe === 'completion' ? costUsd : 0,
      require: run.require,
      requireMet: verdict.met,
      probe: run.probe,
      checkedAt: lastCheckedAt,
    };
    if (run.json) {
      io.stdout.write(`${JSON.stringify(summaryJson(last, summary))}\n`);
    } else {
      io.stdout.write(renderHealthTable(last, run.probe, ctx.looks));
      io.stdout.write(renderFooter(last, run.probe, ctx.looks.paint));
      io.stdout.write(summaryText(summary));
    }
    await writeCiOutputs(
      io,
      last,
      {
        probe: run.probe,
        checkedAt: lastCheckedAt,
        durationMs: lastDurationMs,
        verdict,
        json: run.json,
        ...(run.junit !== undefined ? { junit: run.junit } : {}),
      },
      warn,
    );
    if (interrupted) {
      note(`interrupted after ${rounds} round${rounds === 1 ? '' : 's'}`);
      return EXIT.interrupted;
    }
    if (!verdict.met) throw new CheckFailedError(verdict.message);
    return EXIT.ok;
  } finally {
    await webhook?.close();
    await metrics?.close();
  }
}
