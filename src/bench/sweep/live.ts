import { okRps } from './run-sweep.js';
import type { StepPlan } from './run-sweep.js';
import type { SweepResult } from './sweep-types.js';

/** The sweep's part of the live view: plain data the UI only formats. */
export interface SweepLive {
  kind: SweepResult['kind'];
  /** Steps finished so far, all targets together. */
  finished: number;
  /** The load each target is running now. */
  plans: StepPlan[];
  /** Each target's curve so far, by load. */
  curves: SweepCurve[];
}

export interface SweepCurve {
  target: string;
  points: { load: number; throughputRps: number; sloOk: boolean | null }[];
  capacity: number | null;
  saturation: number | null;
}

export function sweepLive(doc: SweepResult, plans: StepPlan[]): SweepLive {
  return {
    kind: doc.kind,
    finished: doc.targets.reduce((n, t) => n + t.steps.length, 0),
    plans,
    curves: doc.targets.map((t) => ({
      target: t.name,
      points: t.steps.map((s) => ({
        load: s.load,
        throughputRps: okRps(s.result),
        sloOk: s.slo_ok,
      })),
      capacity: t.capacity?.load ?? null,
      saturation: t.saturation?.load ?? null,
    })),
  };
}

/** Before the first step finished: every target with an empty curve. */
export function emptySweepLive(
  kind: SweepResult['kind'],
  targets: readonly string[],
  plans: StepPlan[],
): SweepLive {
  return {
    kind,
    finished: 0,
    plans,
    curves: targets.map((target) => ({ target, points: [], capacity: null, saturation: null })),
  };
}
