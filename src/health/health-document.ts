import { totalCostUsd } from './cost.js';
import type { RequirementVerdict } from './require.js';
import type { ProbeKind, ProbeResult } from './types.js';

export const HEALTH_SCHEMA = 'shepherd.health/v1';

/** One model in `--json` output (SPEC §5 health; `model_id`, `gateway`, `ttft_ms` are additive). */
export interface HealthModelJson {
  model: string;
  /** The id sent to (or looked up at) the gateway: the form it lists (SPEC §1). */
  model_id: string;
  /** The same as model_id, under the name chat, bench and models use for it. */
  sent_id: string;
  gateway: string;
  status: string;
  latency_ms: number | null;
  ttft_ms: number | null;
  http_status: number | null;
  class: string | null;
  message: string | null;
  cost_usd: number | null;
  cancelled?: true;
}

export function modelJson(r: ProbeResult): HealthModelJson {
  const out: HealthModelJson = {
    model: r.model,
    model_id: r.modelId,
    sent_id: r.modelId,
    gateway: r.gateway,
    status: r.status,
    latency_ms: r.latencyMs === undefined ? null : Math.round(r.latencyMs),
    ttft_ms: r.ttftMs === undefined ? null : Math.round(r.ttftMs),
    http_status: r.httpStatus ?? null,
    class: r.cls ?? null,
    message: r.message ?? null,
    cost_usd: r.costUsd,
  };
  if (r.cancelled) out.cancelled = true;
  return out;
}

/** The one-shot `--json` document. */
export function healthDocument(
  results: readonly ProbeResult[],
  ctx: {
    probe: ProbeKind;
    checkedAt: number;
    maxLatencyMs: number;
    require: string;
    verdict: RequirementVerdict;
    interrupted: boolean;
  },
): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    schema: HEALTH_SCHEMA,
    checked_at: new Date(ctx.checkedAt).toISOString(),
    probe: ctx.probe,
    max_latency_ms: ctx.maxLatencyMs,
    require: ctx.require,
    require_met: ctx.verdict.met,
    models: results.map(modelJson),
    cost_usd: totalCostUsd(results),
  };
  if (ctx.interrupted) doc.interrupted = true;
  return doc;
}
