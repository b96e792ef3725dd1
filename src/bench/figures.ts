/** The latency figures of a bench target, in the order they are reported. */
export const FIGURES = [
  'latency',
  'ttft',
  'ttfo',
  'itl',
  'tpot',
  'service_latency',
  'sched_lag',
] as const;
export type Figure = (typeof FIGURES)[number];

/** The result document's key for a figure's summary block, e.g. `latency_ms`. */
export function figureKey<F extends Figure>(figure: F): `${F}_ms` {
  return `${figure}_ms`;
}

export function isFigure(value: string): value is Figure {
  return (FIGURES as readonly string[]).includes(value);
}
