import { HEALTH_SCHEMA, modelJson } from './health-document.js';
import { totalCostUsd } from './cost.js';
import type { WatchEvent } from './watch-tracker.js';
import type { ProbeKind, ProbeResult } from './types.js';

/** `--watch` output: one text line per event, or one JSON object per line with `--json`. */

function how(r: ProbeResult): string {
  if (r.status === 'down') {
    const cls = r.cls
      ? `${r.cls}${r.httpStatus !== undefined ? `, HTTP ${r.httpStatus}` : ''}`
      : 'no verdict';
    return ` (${cls})${r.message ? `: ${r.message}` : ''}`;
  }
  const ms = r.latencyMs === undefined ? '' : ` (${Math.round(r.latencyMs)} ms)`;
  return r.status === 'degraded' && r.message ? `${ms}: ${r.message}` : ms;
}

/** The human line for an event, without the timestamp prefix. */
export function eventText(e: WatchEvent): string {
  const r = e.result;
  switch (e.kind) {
    case 'change':
      return e.from === null
        ? `${e.model}: ${e.to}${how(r)}`
        : `${e.model}: ${e.from} -> ${e.to}${how(r)}`;
    case 'alert':
      return `ALERT ${e.model}: down for ${e.consecutiveFailures} consecutive probe${e.consecutiveFailures === 1 ? '' : 's'}${how(r)}`;
    case 'recovered':
      return `RECOVERED ${e.model}: ${e.to} for ${e.consecutiveSuccesses} consecutive probe${e.consecutiveSuccesses === 1 ? '' : 's'}${how(r)}; ${e.failedProbes ?? 0} probe${e.failedProbes === 1 ? '' : 's'} failed during the outage`;
  }
}

export function eventLine(e: WatchEvent, checkedAt: number): string {
  return `${new Date(checkedAt).toISOString()} ${eventText(e)}\n`;
}

/** The JSON object of an event (also the webhook payload, plus `text`). */
export function eventJson(e: WatchEvent, checkedAt: number): Record<string, unknown> {
  const m = modelJson(e.result);
  const out: Record<string, unknown> = {
    schema: HEALTH_SCHEMA,
    event: e.kind,
    round: e.round,
    checked_at: new Date(checkedAt).toISOString(),
    model: e.model,
    from: e.from,
    status: e.to,
    latency_ms: m.latency_ms,
    http_status: m.http_status,
    class: m.class,
    message: m.message,
    consecutive_failures: e.consecutiveFailures,
    consecutive_successes: e.consecutiveSuccesses,
  };
  if (e.failedProbes !== undefined) out.failed_probes = e.failedProbes;
  return out;
}

function counts(results: readonly ProbeResult[]): { up: number; degraded: number; down: number } {
  const n = (s: string): number => results.filter((r) => r.status === s).length;
  return { up: n('up'), degraded: n('degraded'), down: n('down') };
}

export function roundJson(
  round: number,
  results: readonly ProbeResult[],
  ctx: { probe: ProbeKind; checkedAt: number },
): Record<string, unknown> {
  return {
    schema: HEALTH_SCHEMA,
    event: 'round',
    round,
    checked_at: new Date(ctx.checkedAt).toISOString(),
    probe: ctx.probe,
    ...counts(results),
    models: results.map(modelJson),
    cost_usd: totalCostUsd(results),
  };
}

/** `round 3: 2 up, 0 degraded, 1 down` (progress on stderr). */
export function roundProgress(round: number, results: readonly ProbeResult[]): string {
  const c = counts(results);
  return `round ${round}: ${c.up} up, ${c.degraded} degraded, ${c.down} down`;
}

export interface WatchSummary {
  rounds: number;
  interrupted: boolean;
  alerts: number;
  recoveries: number;
  alerting: string[];
  costUsd: number | null;
  require: string;
  requireMet: boolean;
  probe: ProbeKind;
  checkedAt: number;
}

export function summaryJson(
  results: readonly ProbeResult[],
  s: WatchSummary,
): Record<string, unknown> {
  return {
    schema: HEALTH_SCHEMA,
    event: 'summary',
    rounds: s.rounds,
    interrupted: s.interrupted,
    checked_at: new Date(s.checkedAt).toISOString(),
    probe: s.probe,
    alerts: s.alerts,
    recoveries: s.recoveries,
    alerting: s.alerting,
    require: s.require,
    require_met: s.requireMet,
    ...counts(results),
    models: results.map(modelJson),
    cost_usd: s.costUsd,
  };
}

/** The line under the last round's table at the end of a watch. */
export function summaryText(s: WatchSummary): string {
  const money = s.costUsd === null ? '' : `; probe cost over all rounds $${s.costUsd.toFixed(6)}`;
  const still = s.alerting.length > 0 ? `; still alerting: ${s.alerting.join(', ')}` : '';
  return `watch ${s.interrupted ? 'interrupted' : 'ended'} after ${s.rounds} round${s.rounds === 1 ? '' : 's'}: ${s.alerts} alert${s.alerts === 1 ? '' : 's'}, ${s.recoveries} recover${s.recoveries === 1 ? 'y' : 'ies'}${still}${money}\n`;
}
