import type { SweepKind } from './spec.js';

/**
 * The capacity search, as pure functions of the steps measured so far (docs/bench.md,
 * "Sweep"). Steps grow geometrically (×2) from the low end while the step is good: with an
 * SLO, while it held; without one, while throughput grew by at least 5 % over every lower
 * step. Then the search bisects, first between the highest load that held the SLO and the
 * lowest that broke it (capacity), or without an SLO between the last load below the knee and
 * the knee (saturation), until the bracket is one stream wide (concurrency) or within the
 * precision (rates, default 10 % of the bracket's low end). With an SLO only the capacity
 * is bisected (the knee is then read off the steps measured, to a factor of 2 at worst).
 */

export interface SearchPoint {
  load: number;
  throughputRps: number;
  /** null when the sweep has no SLO. */
  sloOk: boolean | null;
}

export interface SearchOptions {
  kind: SweepKind;
  lo: number;
  hi: number;
  /** Bracket width, as a share of its low end, at which bisection stops (0: whole streams). */
  precision: number;
  hasSlo: boolean;
  /** Hard bound on the steps of one target's search (default 40). */
  maxSteps?: number;
}

export const GROWTH_FACTOR = 2;
/** Throughput must grow by more than this share for a load to be below the knee. */
export const SATURATION_GAIN = 0.05;
const MAX_STEPS = 40;

/** lo, 2·lo, 4·lo, … and hi last. */
export function growthLoads(o: Pick<SearchOptions, 'kind' | 'lo' | 'hi'>): number[] {
  const out: number[] = [];
  for (let load = o.lo; load < o.hi; load *= GROWTH_FACTOR) {
    out.push(o.kind === 'concurrency' ? Math.round(load) : round4(load));
  }
  out.push(o.hi);
  return out;
}

function round4(n: number): number {
  return Number(n.toPrecision(4));
}

const at = (points: readonly SearchPoint[], load: number): SearchPoint | undefined =>
  points.find((p) => p.load === load);

/** The next load to measure, or null when the search is over. */
export function nextLoad(points: readonly SearchPoint[], o: SearchOptions): number | null {
  if (points.length >= (o.maxSteps ?? MAX_STEPS)) return null;
  const growth = growthLoads(o);
  let best = -Infinity;
  for (const load of growth) {
    const p = at(points, load);
    if (!p) return load;
    const good = o.hasSlo ? p.sloOk === true : p.throughputRps > best * (1 + SATURATION_GAIN);
    best = Math.max(best, p.throughputRps);
    if (!good) break;
  }
  const sorted = [...points].sort((a, b) => a.load - b.load);
  const cap = o.hasSlo ? capacityBracket(sorted) : undefined;
  if (cap && !narrowEnough(cap[0], cap[1], o)) return middle(cap[0], cap[1], o);
  // With an SLO the capacity is what is searched; the knee is read off the steps measured.
  const knee = o.hasSlo ? null : saturationOf(sorted);
  if (knee) {
    const below = sorted.filter((p) => p.load < knee.load).pop();
    if (below && !narrowEnough(below.load, knee.load, o)) return middle(below.load, knee.load, o);
  }
  return null;
}

/** [highest load that held the SLO below the lowest that broke it, that lowest one]. */
function capacityBracket(sorted: readonly SearchPoint[]): [number, number] | undefined {
  const broke = sorted.find((p) => p.sloOk === false);
  if (!broke) return undefined;
  const held = sorted.filter((p) => p.load < broke.load && p.sloOk === true).pop();
  return held ? [held.load, broke.load] : undefined;
}

function narrowEnough(a: number, b: number, o: SearchOptions): boolean {
  const width = b - a;
  if (o.kind === 'concurrency') return width <= Math.max(1, o.precision * a);
  return width <= o.precision * a + 1e-9;
}

function middle(a: number, b: number, o: SearchOptions): number {
  return o.kind === 'concurrency' ? Math.floor((a + b) / 2) : round4((a + b) / 2);
}

/**
 * The highest load at which the SLO held, below the lowest load that broke it; null when
 * there is no SLO or it broke at every load measured.
 */
export function capacityOf(points: readonly SearchPoint[]): SearchPoint | null {
  const sorted = [...points].sort((a, b) => a.load - b.load);
  const broke = sorted.find((p) => p.sloOk === false);
  const held = sorted.filter((p) => p.sloOk === true && (!broke || p.load < broke.load));
  return held.pop() ?? null;
}

/**
 * The knee: the lowest load past which no measured load had 5 % more throughput. A load is
 * a knee only when a higher load was measured to confirm it; null while throughput still grew.
 */
export function saturationOf(points: readonly SearchPoint[]): SearchPoint | null {
  const sorted = [...points].sort((a, b) => a.load - b.load);
  for (let i = 0; i < sorted.length - 1; i++) {
    const p = sorted[i] as SearchPoint;
    const higher = sorted.slice(i + 1);
    if (higher.every((h) => h.throughputRps < p.throughputRps * (1 + SATURATION_GAIN))) return p;
  }
  return null;
}
