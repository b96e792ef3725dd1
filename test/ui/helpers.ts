import { TargetStats, type TargetSnapshot } from '../../src/bench/stats.js';
import { phaseProgress, targetProgress } from '../../src/bench/live-figures.js';
import { buildBenchResult, type BenchResult, type LoadInfo } from '../../src/bench/result.js';
import type { ErrorClass } from '../../src/core/errors.js';
import type { SloResult } from '../../src/bench/result-types.js';
import type { LiveFrame } from '../../src/ui/live-frame.js';
import { attempt, okAttempt } from '../bench/helpers.js';

export interface TargetPlan {
  name: string;
  /** ok requests, spread evenly over `seconds`. */
  ok: number;
  seconds?: number;
  latency?: number;
  ttft?: number;
  tokens?: number;
  errors?: Partial<Record<ErrorClass, number>>;
  /** No usage block: tokens counted from chunks. */
  chunks?: boolean;
  /** Latency grows by this many ms per second of the run (for the sparkline). */
  drift?: number;
}

/** A TargetStats fed with synthetic records: real snapshots and real result blocks. */
export function statsFor(plan: TargetPlan): TargetStats {
  const s = new TargetStats({ name: plan.name, model: plan.name, baseUrl: 'http://gw/v1' });
  const seconds = plan.seconds ?? 10;
  const latency = plan.latency ?? 500;
  const ttft = plan.ttft ?? 200;
  const tokens = plan.tokens ?? 20;
  for (let i = 0; i < plan.ok; i++) {
    const start = (i * seconds * 1000) / Math.max(1, plan.ok);
    const lat = latency + ((plan.drift ?? 0) * start) / 1000 + (i % 5) * 10;
    s.record(okAttempt(start, lat, Math.min(ttft, lat - 1), tokens, !plan.chunks));
  }
  for (const [cls, n] of Object.entries(plan.errors ?? {})) {
    for (let i = 0; i < (n ?? 0); i++) {
      s.record(attempt({ outcome: cls as ErrorClass, start: i * 10, end: i * 10 + 5 }));
    }
  }
  return s;
}

export function snapshotFor(plan: TargetPlan): TargetSnapshot {
  return statsFor(plan).snapshot();
}

export const TWO_TARGETS: TargetPlan[] = [
  { name: 'gpt-4.1', ok: 80, latency: 480, ttft: 210, drift: 30 },
  {
    name: 'claude-sonnet-4.5',
    ok: 60,
    latency: 900,
    ttft: 350,
    errors: { rate_limited: 3, timeout: 1 },
  },
];

/** A frame as the engine's progress would fill it: figures from the engine's own functions. */
export function frameFor(plans: TargetPlan[], over: Partial<LiveFrame> = {}): LiveFrame {
  const elapsedMs = over.elapsedMs ?? 8000;
  const totalMs = 'totalMs' in over ? over.totalMs : 15_000;
  const targets = plans.map((p) =>
    targetProgress(snapshotFor(p), {
      measuredMs: elapsedMs,
      targetRps: over.targetRps ?? null,
      inFlight: 0,
      queued: 0,
    }),
  );
  const requestsDone = targets.reduce((n, t) => n + t.requests, 0);
  const progress =
    over.phase === 'warmup'
      ? { fraction: null, etaMs: null }
      : phaseProgress({
          elapsedMs,
          plannedMs: totalMs,
          done: requestsDone,
          planned: over.requestsTotal,
        });
  return {
    title: 'shepherd bench · closed loop c=4 · 15s',
    elapsedMs,
    totalMs,
    requestsDone,
    targets,
    warnings: [],
    finished: false,
    ...progress,
    ...over,
  };
}

export const CLOSED_LOAD: LoadInfo = { mode: 'closed', concurrency: 4, warmup: null, shard: null };

export function resultFor(
  plans: TargetPlan[],
  over: {
    durationS?: number;
    load?: LoadInfo;
    targetRps?: number | null;
    warnings?: string[];
    slo?: SloResult[];
    interrupted?: boolean;
  } = {},
): BenchResult {
  const durationS = over.durationS ?? 10;
  return buildBenchResult({
    startedAtWall: Date.UTC(2025, 0, 2, 3, 4, 5),
    durationS,
    version: '0.1.0',
    load: over.load ?? CLOSED_LOAD,
    // Each target active over the whole run (its rates are over its own active window).
    targets: plans.map((p) => {
      const t = statsFor(p).toJSON(over.targetRps ?? null);
      const completed = t.ok + Object.values(t.errors).reduce((n, v) => n + (v ?? 0), 0);
      return {
        ...t,
        active_s: durationS,
        throughput_rps: completed / durationS,
        output_tokens_per_s: (t.output_tokens ?? 0) / durationS,
      };
    }),
    eventLoopLagMs: { p99: 1.2, max: 3.4 },
    warnings: over.warnings ?? [],
    ...(over.slo ? { slo: over.slo } : {}),
    ...(over.interrupted !== undefined ? { interrupted: over.interrupted } : {}),
  });
}
