import { usageCostUsd } from '../cost/usage-cost.js';
import type { ModelSettings } from '../config/types.js';
import type { ShepherdClient } from '../core/client.js';
import type { ChatRequest } from '../core/request.js';
import { degradedMessage, statusForLatency, type ProbeOptions, type ProbeResult } from './types.js';

/** The 1-token request a completion probe sends: the real path, as cheap as it gets. */
export const PROBE_REQUEST: ChatRequest = {
  messages: [{ role: 'user', content: 'ping' }],
  maxTokens: 1,
  stream: true,
};

/**
 * `--probe completion`: one streamed 1-token attempt (no retry, no breaker; a 401 moves to
 * the next key, as in chat), bounded by the probe timeout. Any answer that reaches a
 * finish_reason is up (a 1-token answer usually ends with `length`); anything the gateway
 * rejects is down with its class.
 */
export async function probeCompletion(
  client: ShepherdClient,
  model: ModelSettings,
  opts: ProbeOptions,
): Promise<ProbeResult> {
  const once = () =>
    client.attempt(model, PROBE_REQUEST, {
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      keepContent: false,
    });
  let a = await once();
  // A key the gateway rejects is the key's fault, not the model's: set it aside for the run
  // (as chat does) and probe again at once with the next; down/auth only when none is left.
  for (let tries = 0; a.outcome === 'auth' && tries < client.keyCount(model.gateway); tries++) {
    if (!client.setKeyAside(model.gateway, a.keyIndex)) break;
    a = await once();
  }
  const latencyMs = Math.max(0, a.end - a.start);
  const base: ProbeResult = {
    model: model.name,
    // The id the probe sent: the form the gateway lists (SPEC §1), as chat sends it.
    modelId: a.modelId,
    gateway: model.gateway,
    status: 'down',
    latencyMs,
    costUsd: 0,
    checkedAt: client.clock.wallNow(),
  };
  const first = a.firstOutput ?? a.firstToken;
  if (first !== undefined) base.ttftMs = Math.max(0, first - a.start);
  if (a.httpStatus !== undefined) base.httpStatus = a.httpStatus;
  if (a.outcome === 'cancelled') {
    return { ...base, cancelled: true, message: 'cancelled before an answer (interrupted)' };
  }
  if (a.outcome !== 'ok') {
    return { ...base, cls: a.outcome, message: a.message ?? a.outcome };
  }
  const status = statusForLatency(latencyMs, opts.maxLatencyMs);
  const out: ProbeResult = {
    ...base,
    status,
    // Unpriced, or no usage reported: the cost is unknown, never shown as $0.
    costUsd: usageCostUsd(a.usage, model.price) ?? null,
  };
  if (status === 'degraded') out.message = degradedMessage(latencyMs, opts.maxLatencyMs);
  return out;
}
