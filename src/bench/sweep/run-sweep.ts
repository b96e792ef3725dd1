import { formatDuration } from '../../config/duration.js';
import { runBench } from '../runner.js';
import type { BenchRunOptions, BenchTarget, LoadSpec, TargetProgress } from '../runner-types.js';
import type { BenchResult, TargetResult } from '../result-types.js';
import { errorTotal } from '../stats.js';
import { capacityOf, nextLoad, saturationOf, type SearchPoint } from './search.js';
import type { SweepSpec } from './spec.js';
import { SWEEP_SCHEMA, type SweepResult, type SweepStep, type SweepTarget } from './sweep-types.js';

/** Everything a bench run takes except the load, which the search sets per step and target. */
export interface SweepRunOptions extends Omit<
  BenchRunOptions,
  'load' | 'listeners' | 'shard' | 'lagMonitor'
> {
  spec: SweepSpec;
  /** Bisection stops at this share of the bracket's low end (0: one stream). */
  precision: number;
  arrival?: 'constant' | 'poisson';
  listeners?: SweepListeners;
}

/** One target's load in the current round of steps. */
export interface StepPlan {
  target: string;
  load: number;
}

export interface SweepProgressEvent {
  /** The load each target is running now (targets whose search is over are left out). */
  plans: StepPlan[];
  /** ms since the current phase of the step began (the longest of the targets'). */
  elapsedMs: number;
  /** 0..1 of the steps running now (the least advanced target's). */
  fraction: number;
  /** Time left in the steps running now (the longest); null while unknown. */
  etaMs: number | null;
  phase: 'warmup' | 'measure' | 'drain';
  targets: TargetProgress[];
}

export interface SweepListeners {
  /** A target starts its next step. */
  stepStart?(plan: StepPlan, plans: StepPlan[]): void;
  progress?(event: SweepProgressEvent): void;
  /** A step finished (the document so far is in `sweep`). */
  stepEnd?(target: string, step: SweepStep, sweep: SweepResult): void;
  warning?(message: string): void;
}

interface TargetSearch {
  target: BenchTarget;
  steps: SweepStep[];
  /** The load of the step running now. */
  current: number | undefined;
  progress: (Omit<SweepProgressEvent, 'plans' | 'targets'> & { t: TargetProgress[] }) | undefined;
}

/**
 * Runs a capacity sweep (docs/bench.md, "Sweep"): every target runs its own search at the
 * same time as the others, a short bench run per step at the load its search asks for next,
 * so a slow target never holds a fast one back. An interruption (signal) ends the sweep at
 * once: unfinished steps are dropped and the document holds every finished step, with
 * `interrupted: true`.
 */
export async function runSweep(o: SweepRunOptions): Promise<SweepResult> {
  const clock = o.clock;
  const startedWall = clock ? clock.wallNow() : Date.now();
  const started = clock ? clock.now() : performance.now();
  const searches: TargetSearch[] = o.targets.map((target) => ({
    target,
    steps: [],
    current: undefined,
    progress: undefined,
  }));
  const searchOptions = { ...o.spec, precision: o.precision, hasSlo: (o.slo ?? []).length > 0 };
  let interrupted = false;
  let seq = 0;
  const doc = (): SweepResult => sweepDocument(o, searches, startedWall, started, interrupted);
  const plans = (): StepPlan[] =>
    searches.flatMap((s) =>
      s.current === undefined ? [] : [{ target: s.target.name, load: s.current }],
    );
  const emitProgress = (): void => {
    if (!o.listeners?.progress) return;
    const parts = searches.flatMap((s) =>
      s.current !== undefined && s.progress ? [s.progress] : [],
    );
    if (parts.length === 0) return;
    o.listeners.progress({
      plans: plans(),
      elapsedMs: Math.max(...parts.map((x) => x.elapsedMs)),
      fraction: Math.min(...parts.map((x) => x.fraction)),
      etaMs: parts.some((x) => x.etaMs === null)
        ? null
        : Math.max(...parts.map((x) => x.etaMs ?? 0)),
      phase: parts.some((x) => x.phase === 'warmup') ? 'warmup' : 'measure',
      targets: parts.flatMap((x) => x.t),
    });
  };

  const search = async (s: TargetSearch): Promise<void> => {
    for (;;) {
      if (o.signal?.aborted) {
        interrupted = true;
        return;
      }
      const load = nextLoad(s.steps.map(searchPoint), searchOptions);
      if (load === null) return;
      s.current = load;
      s.progress = undefined;
      o.listeners?.stepStart?.({ target: s.target.name, load }, plans());
      const r = await runBench({
        ...o,
        ...warmupFor(o, s.steps.length === 0),
        targets: [s.target],
        load: loadSpec(o, load),
        listeners: {
          progress: (e) => {
            s.progress = {
              elapsedMs: e.elapsedMs,
              phase: e.phase,
              fraction: e.fraction,
              etaMs: e.etaMs,
              t: e.targets,
            };
            emitProgress();
          },
          ...(o.listeners?.warning ? { warning: o.listeners.warning } : {}),
        },
      });
      s.current = undefined;
      if (o.signal?.aborted || r.interrupted === true) {
        interrupted = true;
        return;
      }
      const step = stepOf(load, ++seq, r);
      s.steps.push(step);
      o.listeners?.stepEnd?.(s.target.name, step, doc());
    }
  };
  await Promise.all(searches.map(search));
  return doc();
}

/**
 * `--warmup` applies to every step. Without it, each target's first step still warms up for
 * FIRST_WARMUP_MS: connections and a cold client are not the gateway's capacity.
 */
export const FIRST_WARMUP_MS = 1000;

function warmupFor(o: SweepRunOptions, first: boolean): Pick<BenchRunOptions, 'warmup'> {
  if (o.warmup) return { warmup: o.warmup };
  return first ? { warmup: { durationMs: FIRST_WARMUP_MS } } : {};
}

function loadSpec(o: SweepRunOptions, load: number): LoadSpec {
  return o.spec.kind === 'concurrency'
    ? { mode: 'closed', concurrency: load }
    : { mode: 'open', rate: load, arrival: o.arrival ?? 'constant' };
}

function stepOf(load: number, seq: number, r: BenchResult): SweepStep {
  const result = r.targets[0] as TargetResult;
  return {
    load,
    seq,
    started_at: r.started_at,
    duration_s: r.duration_s,
    result,
    slo: r.slo,
    slo_ok: r.slo.length > 0 ? r.slo.every((s) => s.ok) : null,
    warnings: r.client.warnings,
  };
}

/** Successful answers per second: failures are not capacity, however fast they come back. */
export function okRps(t: TargetResult): number {
  const completed = t.ok + errorTotal(t.errors);
  return completed > 0 ? (t.throughput_rps * t.ok) / completed : 0;
}

function searchPoint(step: SweepStep): SearchPoint {
  return { load: step.load, throughputRps: okRps(step.result), sloOk: step.slo_ok };
}

function sweepTarget(s: TargetSearch, hi: number): SweepTarget {
  const steps = [...s.steps].sort((a, b) => a.load - b.load);
  const points = steps.map(searchPoint);
  const cap = points.some((p) => p.sloOk !== null) ? capacityOf(points) : null;
  const capStep = cap ? steps.find((st) => st.load === cap.load) : undefined;
  const knee = saturationOf(points);
  return {
    name: s.target.name,
    model: s.target.model,
    base_url: s.target.baseUrl,
    capacity:
      cap && capStep
        ? {
            load: cap.load,
            throughput_rps: cap.throughputRps,
            goodput_rps: capStep.result.goodput_rps ?? 0,
            at_range_end: cap.load >= hi,
          }
        : null,
    saturation: knee ? { load: knee.load, throughput_rps: knee.throughputRps } : null,
    steps,
  };
}

function sweepDocument(
  o: SweepRunOptions,
  searches: readonly TargetSearch[],
  startedWall: number,
  started: number,
  interrupted: boolean,
): SweepResult {
  const now = o.clock ? o.clock.now() : performance.now();
  const w = o.warmup;
  return {
    schema: SWEEP_SCHEMA,
    started_at: new Date(startedWall).toISOString(),
    duration_s: (now - started) / 1000,
    tool: { version: o.version },
    interrupted,
    kind: o.spec.kind,
    range: { lo: o.spec.lo, hi: o.spec.hi },
    precision: o.precision,
    slo: (o.slo ?? []).map((t) => t.text),
    goodput: (o.goodput ?? []).map((t) => t.text),
    step: {
      duration_s: 'durationMs' in o.stop ? o.stop.durationMs / 1000 : null,
      requests: 'requests' in o.stop ? o.stop.requests : null,
      warmup: w ? ('requests' in w ? w.requests : formatDuration(w.durationMs)) : null,
      arrival: o.spec.kind === 'rate' ? (o.arrival ?? 'constant') : null,
    },
    targets: searches.map((s) => sweepTarget(s, o.spec.hi)),
  };
}
