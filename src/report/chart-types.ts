/**
 * The chart model of an HTML report: plain data, built in Node by pure functions from result
 * documents, serialised into the page and drawn there with uPlot (browser/draw.ts). Every view
 * (distributions, over time, baseline, sweep) is a list of these, so a sweep chart is one more
 * view of the same kind of data, and two reports can be compared chart data for chart data.
 */

export type SeriesStyle = 'line' | 'step' | 'points' | 'bars';

export interface ChartSeries {
  label: string;
  color: string;
  /** Dash pattern in px (a baseline run, or a p99 beside a p50); none = solid. */
  dash?: number[];
  style: SeriesStyle;
  /** One value per x; null = no data there (a gap, or bridged when the chart says spanGaps). */
  values: (number | null)[];
  /** xy charts only: this series' own x per value, drawn in this order (not sorted). */
  x?: number[];
}

export interface ChartAxis {
  label: string;
  /** Logarithmic scale (values must be > 0). */
  log?: boolean;
  /** How tick values read: plain numbers, ms, a 0..1 share shown as %, or seconds of the run. */
  format: 'number' | 'ms' | 'percent' | 'seconds';
  min?: number;
  max?: number;
}

/** A vertical marker line at x, or with y a ringed point (e.g. a target's knee in a sweep). */
export interface ChartMark {
  x: number;
  y?: number;
  label: string;
  color: string;
}

/**
 * A confidence interval per point of a series (an index into `series`): drawn as a whisker
 * from `low` to `high`, each target's whiskers and points set a little apart so they do not
 * hide each other.
 */
export interface ChartErrorBars {
  series: number;
  low: (number | null)[];
  high: (number | null)[];
}

export interface Chart {
  /** Stable id, e.g. `cdf-latency`: the page's element id and what tests look charts up by. */
  id: string;
  title: string;
  /** One line under the title: where the data comes from, what to read. */
  note: string;
  /** Category labels instead of numbers on x (x values are then 0, 1, 2, ...). */
  categories?: string[];
  x: ChartAxis & { values: number[] };
  y: ChartAxis;
  series: ChartSeries[];
  /** Draw lines across null values (series of points with a union x). */
  spanGaps?: boolean;
  /**
   * Each series has its own x (`ChartSeries.x`), joined in the given order: a curve such as
   * latency against throughput, where one throughput can come with several latencies.
   * `x.values` then holds the sorted union of every series' x.
   */
  xy?: boolean;
  marks?: ChartMark[];
  errorBars?: ChartErrorBars[];
}

export interface ChartSection {
  id: string;
  title: string;
  /** Shown when the section has no charts (e.g. a result written before time series existed). */
  empty?: string;
  charts: Chart[];
}
