import { UsageError } from '../core/errors.js';
import { isFigure, type Figure } from './figures.js';
import type { FigureSummaryJson, SloResult, TargetResult } from './result-types.js';
import { enoughTail, percentOf, samplesNeeded } from '../core/thin-sample.js';

/**
 * `--slo "p95<800ms,ttft.p99<1s,success>=99.5%"`: comma-separated terms, every one checked
 * against every target. Latency terms compare in ms, `success`/`error_rate` in percent,
 * `rps`/`throughput`/`tokens_per_s` per second. A term whose figure has no data fails. A
 * percentile term on a sample too thin for it (thin-sample.ts) is not judged: its verdict
 * is `too_few_samples`, with the number of samples it needs.
 */

export type SloOp = '<' | '<=' | '>' | '>=';
export type SloStat = 'p50' | 'p90' | 'p95' | 'p99' | 'p999' | 'max' | 'mean';

export type SloTerm =
  | { text: string; kind: 'figure'; figure: Figure; stat: SloStat; op: SloOp; threshold: number }
  | {
      text: string;
      kind: 'success' | 'error_rate' | 'throughput' | 'tokens_per_s' | 'goodput' | 'goodput_rps';
      op: SloOp;
      threshold: number;
    };

const STATS: Record<string, SloStat> = {
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  p999: 'p999',
  'p99.9': 'p999',
  max: 'max',
  mean: 'mean',
};
const RATES: Record<string, 'throughput' | 'tokens_per_s'> = {
  rps: 'throughput',
  throughput: 'throughput',
  tokens_per_s: 'tokens_per_s',
};
const TERM_RE =
  /^([a-z][a-z0-9_]*(?:\.[a-z0-9_.]+)?)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*([a-z%/]*)$/i;
const EXAMPLE = 'e.g. p95<800ms, ttft.p99<1s, success>=99.5%, rps>=10, goodput>=95%';

function bad(term: string, why: string): UsageError {
  return new UsageError(`--slo: '${term}' ${why} (${EXAMPLE})`);
}

export function parseSlo(spec: string): SloTerm[] {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new UsageError(`--slo: no terms given (${EXAMPLE})`);
  return parts.map(parseTerm);
}

function parseTerm(text: string): SloTerm {
  const m = TERM_RE.exec(text);
  if (!m) throw bad(text, 'is not a term: write metric, operator, number and unit');
  const [, lhs = '', opText = '', numText = '', unitRaw = ''] = m;
  const op = opText as SloOp;
  const value = Number(numText);
  const unit = unitRaw.toLowerCase();
  const name = lhs.toLowerCase();
  if (name === 'success' || name === 'error_rate') {
    if (unit !== '%') throw bad(text, `needs a percentage, e.g. ${name}>=99.5%`);
    if (value > 100) throw bad(text, 'is above 100%');
    return { text, kind: name, op, threshold: value };
  }
  if (name === 'goodput' || name === 'goodput_rps') {
    // goodput>=95% is the good share; goodput>=8/s (or goodput_rps>=8) good requests per second.
    if (name === 'goodput' && unit === '%') {
      if (value > 100) throw bad(text, 'is above 100%');
      return { text, kind: 'goodput', op, threshold: value };
    }
    if (unit !== '' && unit !== '/s') {
      throw bad(text, `takes a percentage (goodput>=95%) or a number per second (goodput>=8/s)`);
    }
    return { text, kind: 'goodput_rps', op, threshold: value };
  }
  const rate = RATES[name];
  if (rate) {
    if (unit !== '' && unit !== '/s')
      throw bad(text, `takes a number per second, not '${unitRaw}'`);
    return { text, kind: rate, op, threshold: value };
  }
  const dot = STATS[name] ? -1 : name.indexOf('.');
  const figureName = dot >= 0 ? name.slice(0, dot) : 'latency';
  const statName = dot >= 0 ? name.slice(dot + 1) : name;
  if (!isFigure(figureName)) {
    throw bad(
      text,
      `names an unknown metric '${figureName}' (latency, ttft, ttfo, itl, tpot, service_latency, sched_lag)`,
    );
  }
  const stat = STATS[statName];
  if (!stat) {
    if (dot < 0) throw bad(text, `names an unknown metric '${statName}'`);
    throw bad(
      text,
      `names an unknown statistic '${statName}' (p50, p90, p95, p99, p999, max, mean)`,
    );
  }
  let ms: number;
  if (unit === 'ms') ms = value;
  else if (unit === 's') ms = value * 1000;
  else
    throw bad(text, unit === '' ? 'needs a unit, ms or s' : `has unit '${unitRaw}'; use ms or s`);
  return { text, kind: 'figure', figure: figureName, stat, op, threshold: ms };
}

/** The term's figure of one target in the term's unit; null when there is no data for it. */
export function sloValue(term: SloTerm, t: TargetResult): number | null {
  switch (term.kind) {
    case 'figure': {
      const block = t[`${term.figure}_ms`] as FigureSummaryJson;
      return block[term.stat];
    }
    case 'success':
    case 'error_rate': {
      if (t.requests - t.cancelled <= 0) return null;
      return term.kind === 'success' ? t.success_rate * 100 : (1 - t.success_rate) * 100;
    }
    case 'throughput':
      return t.throughput_rps;
    case 'tokens_per_s':
      return t.output_tokens_per_s;
    case 'goodput':
      if (t.good_rate === undefined || t.requests - t.cancelled <= 0) return null;
      return t.good_rate * 100;
    case 'goodput_rps':
      return t.goodput_rps ?? null;
  }
}

function compare(value: number, op: SloOp, threshold: number): boolean {
  const v = Math.round(value * 1e9) / 1e9; // 0.995 * 100 is 99.49999999999999
  switch (op) {
    case '<':
      return v < threshold;
    case '<=':
      return v <= threshold;
    case '>':
      return v > threshold;
    case '>=':
      return v >= threshold;
  }
}

/**
 * Whether a term can be judged on a target: a percentile needs enough samples at or beyond
 * it. Returns the samples it needs when it cannot.
 */
export function sloNeeds(term: SloTerm, t: TargetResult): number | undefined {
  if (term.kind !== 'figure') return undefined;
  const pct = percentOf(term.stat);
  if (pct === undefined) return undefined;
  const count = (t[`${term.figure}_ms`] as FigureSummaryJson).count;
  return count > 0 && !enoughTail(count, pct) ? samplesNeeded(pct) : undefined;
}

/**
 * Every term against every target, in term order then target order. `judgeThin`: judge a
 * percentile on whatever the sample gives (the sweep's short steps judge tail terms on their
 * maximum, as documented there) instead of marking it `too_few_samples`.
 */
export function evaluateSlo(
  terms: readonly SloTerm[],
  targets: readonly TargetResult[],
  options: { judgeThin?: boolean } = {},
): SloResult[] {
  const out: SloResult[] = [];
  for (const term of terms) {
    for (const t of targets) {
      const value = sloValue(term, t);
      const needs = options.judgeThin ? undefined : sloNeeds(term, t);
      const ok = needs === undefined && value !== null && compare(value, term.op, term.threshold);
      const result: SloResult = {
        term: term.text,
        kind: term.kind,
        target: t.name,
        value,
        ok,
        verdict: needs !== undefined ? 'too_few_samples' : ok ? 'met' : 'violated',
      };
      if (needs !== undefined) result.samples_needed = needs;
      out.push(result);
    }
  }
  return out;
}

/** Checks that were judged and not met (the exit-1 ones). */
export function violatedSlo(slo: readonly SloResult[]): SloResult[] {
  return slo.filter((s) => !s.ok && s.verdict !== 'too_few_samples');
}

/** Checks that could not be judged on the sample the run had. */
export function unjudgedSlo(slo: readonly SloResult[]): SloResult[] {
  return slo.filter((s) => s.verdict === 'too_few_samples');
}
