import { UsageError } from '../core/errors.js';
import type { BenchRunOptions, StopSpec, WarmupSpec } from './runner-types.js';

const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

function checkStop(s: StopSpec | WarmupSpec, what: string, allowZero: boolean): void {
  if ('requests' in s) {
    if (!Number.isInteger(s.requests) || s.requests < (allowZero ? 0 : 1)) {
      throw new UsageError(`${what} must be a whole number of requests ≥ ${allowZero ? 0 : 1}`);
    }
  } else if (!(Number.isFinite(s.durationMs) && s.durationMs >= (allowZero ? 0 : 1))) {
    throw new UsageError(`${what} must be a duration > 0`);
  }
}

function checkTargets(o: BenchRunOptions): void {
  if (o.targets.length === 0) throw new UsageError('bench: no targets to run');
  const names = new Set<string>();
  for (const t of o.targets) {
    if (names.has(t.name)) throw new UsageError(`bench: target '${t.name}' is given twice`);
    names.add(t.name);
  }
}

/** Checks run options up front so a bad value is a usage error, not a half-run bench. */
export function validateRunOptions(o: BenchRunOptions): void {
  checkTargets(o);
  if (!o.workload && (o.prompts ?? []).length === 0) {
    throw new UsageError('bench: no prompts to send');
  }
  if (o.load.mode === 'closed' && !positiveInt(o.load.concurrency)) {
    throw new UsageError(`--concurrency must be a whole number ≥ 1 (got ${o.load.concurrency})`);
  }
  if (o.load.mode === 'open' && !(Number.isFinite(o.load.rate) && o.load.rate > 0)) {
    throw new UsageError(`--rate must be a number of requests per second > 0 (got ${o.load.rate})`);
  }
  checkStop(o.stop, 'bench: --duration/--requests', false);
  if (o.warmup) checkStop(o.warmup, '--warmup', true);
  const s = o.shard;
  if (s && !(positiveInt(s.count) && positiveInt(s.index) && s.index <= s.count)) {
    throw new UsageError(`--shard ${s.index}/${s.count}: use I/N with 1 ≤ I ≤ N`);
  }
  if (o.maxInFlight !== undefined && !positiveInt(o.maxInFlight)) {
    throw new UsageError('bench: maxInFlight must be a whole number ≥ 1');
  }
}
