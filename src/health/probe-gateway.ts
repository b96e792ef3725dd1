import { parseModelList } from '../core/model-list.js';
import { boundedSignal } from '../core/bounded-signal.js';
import type { ModelSettings } from '../config/types.js';
import { classifyHttp, classifyNetworkError, parseErrorBody } from '../core/classify.js';
import type { ShepherdClient } from '../core/client.js';
import type { ErrorClass } from '../core/errors.js';
import {
  degradedMessage,
  statusForLatency,
  type ProbeKind,
  type ProbeOptions,
  type ProbeResult,
} from './types.js';

/** One GET against a gateway, shared by every model on it. */
export interface GatewayCheck {
  latencyMs: number;
  httpStatus?: number;
  /** 2xx: the ids `GET /models` listed (models probe). */
  ids?: Set<string>;
  failure?: { cls: ErrorClass; message: string };
  cancelled?: boolean;
}

const SUFFIX: Record<Exclude<ProbeKind, 'completion'>, string> = {
  models: '/models',
  endpoint: '/health',
};

/**
 * `GET {base}/models` or `GET {base}/health`, bounded by the probe timeout and Ctrl-C.
 * Never throws: a refused connection, a timeout or an error status is a classified failure.
 */
export async function checkGateway(
  client: ShepherdClient,
  gatewayName: string,
  kind: Exclude<ProbeKind, 'completion'>,
  opts: Pick<ProbeOptions, 'timeoutMs' | 'signal'>,
): Promise<GatewayCheck> {
  const gw = client.gateway(gatewayName);
  const suffix = SUFFIX[kind];
  const what = client.redact(`GET ${gw.baseUrl.replace(/\/+$/, '')}${suffix}`);
  const bound = boundedSignal(opts.signal, opts.timeoutMs);
  const signal = bound.signal;
  const start = client.clock.now();
  try {
    const res = await client.get(gatewayName, suffix, signal);
    const latencyMs = res.latencyMs;
    if (res.status < 200 || res.status >= 300) {
      const body = parseErrorBody(res.body);
      const cls = classifyHttp(res.status, body);
      const reason = body?.message ? `: ${body.message}` : '';
      let hint = '';
      if (cls === 'auth') {
        hint =
          gw.keys.length > 0
            ? ` (key from ${gw.keySource ?? 'the environment'})`
            : ' (no API key was set)';
      } else if (cls === 'not_found') {
        hint =
          kind === 'endpoint'
            ? '; this gateway has no /health endpoint: try --probe models'
            : '; check the base URL (it should end at /v1)';
      }
      return {
        latencyMs,
        httpStatus: res.status,
        failure: {
          cls,
          message: client.redact(`${what} answered HTTP ${res.status}${reason}${hint}`),
        },
      };
    }
    const check: GatewayCheck = { latencyMs, httpStatus: res.status };
    if (kind === 'models') {
      const ids = parseModelList(res.body);
      if (!ids) {
        return {
          ...check,
          failure: {
            cls: 'bad_response',
            message: `${what} answered HTTP ${res.status} without a model list ({"data":[{"id":…}]})`,
          },
        };
      }
      check.ids = new Set(ids);
    }
    return check;
  } catch (err) {
    const latencyMs = client.clock.now() - start;
    if (opts.signal.aborted) return { latencyMs, cancelled: true };
    if (bound.timedOut) {
      return {
        latencyMs,
        failure: { cls: 'timeout', message: `${what}: no answer within ${opts.timeoutMs} ms` },
      };
    }
    const via = client.settings.proxy ? ` via proxy ${client.settings.proxy}` : '';
    const detail = err instanceof Error ? err.message : String(err);
    if (classifyNetworkError(err) === 'bad_response') {
      return { latencyMs, failure: { cls: 'bad_response', message: `${what}: ${detail}` } };
    }
    return {
      latencyMs,
      failure: {
        cls: classifyNetworkError(err),
        message: client.redact(`cannot reach ${gw.baseUrl}${via}: ${detail}`),
      },
    };
  } finally {
    bound.dispose();
  }
}

/** The verdict for one model from its gateway's shared check. */
export function verdictFromGateway(
  model: ModelSettings,
  kind: Exclude<ProbeKind, 'completion'>,
  check: GatewayCheck,
  opts: Pick<ProbeOptions, 'maxLatencyMs'>,
  checkedAt: number,
): ProbeResult {
  const out: ProbeResult = {
    model: model.name,
    modelId: model.id,
    gateway: model.gateway,
    status: 'down',
    latencyMs: check.latencyMs,
    costUsd: 0,
    checkedAt,
  };
  if (check.httpStatus !== undefined) out.httpStatus = check.httpStatus;
  if (check.cancelled) {
    return { ...out, cancelled: true, message: 'cancelled before an answer (interrupted)' };
  }
  if (check.failure) return { ...out, cls: check.failure.cls, message: check.failure.message };
  if (kind === 'models' && !(check.ids?.has(model.id) ?? false)) {
    return {
      ...out,
      cls: 'not_found',
      message: `${model.id} is not listed by GET /models; run \`shepherd models\` to see what the gateway offers`,
    };
  }
  const status = statusForLatency(check.latencyMs, opts.maxLatencyMs);
  out.status = status;
  if (status === 'degraded') out.message = degradedMessage(check.latencyMs, opts.maxLatencyMs);
  return out;
}

/** The ids of an OpenAI-shaped model list; undefined when the body is not one. */
