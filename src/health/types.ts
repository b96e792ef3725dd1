import type { ErrorClass } from '../core/errors.js';

/** What a probe asks the gateway (SPEC §5 health). */
export const PROBE_KINDS = ['completion', 'models', 'endpoint'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

export type HealthStatus = 'up' | 'degraded' | 'down';

/** One model's verdict from one probe. Plain data: renderers and state feeding read it. */
export interface ProbeResult {
  /** Configured model name (aliases resolved). */
  model: string;
  /** The id the gateway knows it by. */
  modelId: string;
  gateway: string;
  status: HealthStatus;
  /** Dispatch to the complete answer (ms); undefined when nothing could be timed. */
  latencyMs?: number;
  /** Completion probes: dispatch to the first output chunk (ms). */
  ttftMs?: number;
  httpStatus?: number;
  /** Set when down (never for up or degraded). */
  cls?: ErrorClass;
  /** One line, key-free: why it is down or degraded. */
  message?: string;
  /** Completion probes: exact cost of the answer; null when unpriced; 0 for free probes. */
  costUsd: number | null;
  /** Ctrl-C stopped the probe before a verdict: shown, never fed to the shared state. */
  cancelled?: boolean;
  /** Wall-clock ms of the verdict. */
  checkedAt: number;
}

export interface ProbeOptions {
  kind: ProbeKind;
  /** Per-probe bound (`--timeout`, else settings.timeouts.attemptMs). */
  timeoutMs: number;
  /** Slower than this is `degraded` (`--max-latency`, else settings.health.maxLatencyMs). */
  maxLatencyMs: number;
  signal: AbortSignal;
}

/** `up` or `degraded`: the model answered. `--require` and alerting count these as available. */
export function isAvailable(status: HealthStatus): boolean {
  return status !== 'down';
}

/** up/degraded by latency, for a probe that answered. */
export function statusForLatency(latencyMs: number, maxLatencyMs: number): HealthStatus {
  return latencyMs > maxLatencyMs ? 'degraded' : 'up';
}

export function degradedMessage(latencyMs: number, maxLatencyMs: number): string {
  return `slower than the maximum latency: ${Math.round(latencyMs)} ms > ${maxLatencyMs} ms`;
}
