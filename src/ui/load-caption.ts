import type { BenchResult, LoadInfo } from '../bench/index.js';
import { formatTargetRate } from './format.js';
import { describeWorkload } from './workload-summary.js';

/** `closed loop, concurrency 4` / `open loop, 50 req/s per target, poisson arrivals`, plus warm-up and shard. */
export function describeLoad(load: LoadInfo): string {
  const parts: string[] = [];
  if (load.mode === 'open' && load.arrival === 'trace') {
    parts.push(
      `open loop, trace replay (mean ${formatTargetRate(load.rate ?? 0)} req/s per target)`,
    );
  } else if (load.mode === 'open') {
    let text = `open loop, ${load.rate !== undefined ? `${formatTargetRate(load.rate)} req/s per target` : 'rate unknown'}`;
    if (load.arrival) text += `, ${load.arrival} arrivals`;
    parts.push(text);
  } else {
    parts.push(`closed loop, concurrency ${load.concurrency ?? '?'}`);
  }
  if (load.warmup !== null && load.warmup !== undefined) {
    parts.push(
      typeof load.warmup === 'number'
        ? `warm-up ${load.warmup} requests`
        : `warm-up ${load.warmup}`,
    );
  }
  if (load.shard) parts.push(`shard ${load.shard.index}/${load.shard.count}`);
  const workload = describeWorkload(load);
  if (workload) parts.push(workload);
  return parts.join(', ');
}

/** One line describing a run: load, measured duration, start time, and whether it was cut short. */
export function describeRun(result: BenchResult): string {
  const parts = [
    describeLoad(result.load),
    `${result.duration_s.toFixed(1)} s measured`,
    `started ${result.started_at}`,
  ];
  if (result.interrupted) parts.push('stopped early');
  return parts.join(' · ');
}
