import { UsageError } from '../core/errors.js';
import { outputTokens, type AttemptResult } from '../core/result.js';

/**
 * `--goodput "ttft<1s,tpot<50ms"`: per-request terms. A request is good when it succeeded
 * and met every term; goodput is good requests per second. Terms are over one request's
 * own figures: `latency`, `ttft`, `ttfo`, `tpot` and `itl` (the mean gap of that request),
 * counted from the same start as the figures (the intended send time in open loop).
 * A request without a value for a term (tpot or itl of a one-token answer, ttft of a
 * non-streamed one) is not held back by that term.
 */

export const GOODPUT_FIGURES = ['latency', 'ttft', 'ttfo', 'tpot', 'itl'] as const;
export type GoodputFigure = (typeof GOODPUT_FIGURES)[number];
type Op = '<' | '<=' | '>' | '>=';

export interface GoodputTerm {
  text: string;
  figure: GoodputFigure;
  op: Op;
  thresholdMs: number;
}

const TERM_RE = /^([a-z_]+)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*([a-z]*)$/i;
const EXAMPLE = 'e.g. --goodput "ttft<1s,tpot<50ms"';

export function parseGoodput(spec: string): GoodputTerm[] {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new UsageError(`--goodput: no terms given (${EXAMPLE})`);
  return parts.map(parseTerm);
}

function parseTerm(text: string): GoodputTerm {
  const m = TERM_RE.exec(text);
  if (!m) {
    throw new UsageError(
      `--goodput: '${text}' is not a term: write figure, operator, number and unit (${EXAMPLE})`,
    );
  }
  const [, nameRaw = '', op = '', num = '', unitRaw = ''] = m;
  const figure = nameRaw.toLowerCase();
  if (!(GOODPUT_FIGURES as readonly string[]).includes(figure)) {
    throw new UsageError(
      `--goodput: '${text}' names '${nameRaw}'; per-request terms are over ${GOODPUT_FIGURES.join(', ')} (${EXAMPLE})`,
    );
  }
  const unit = unitRaw.toLowerCase();
  if (unit !== 'ms' && unit !== 's') {
    throw new UsageError(`--goodput: '${text}' needs a unit, ms or s (${EXAMPLE})`);
  }
  const value = Number(num);
  return {
    text,
    figure: figure as GoodputFigure,
    op: op as Op,
    thresholdMs: unit === 's' ? value * 1000 : value,
  };
}

/** One request's own figures in ms (undefined where it has none). */
export function requestFigures(r: AttemptResult): Record<GoodputFigure, number | undefined> {
  const base = r.intendedStart ?? r.start;
  const tokens = outputTokens(r);
  const times = r.contentTimes;
  const first = times[0];
  const last = times[times.length - 1];
  return {
    latency: r.end - base,
    ttft: r.firstToken !== undefined ? r.firstToken - base : undefined,
    ttfo:
      r.firstOutput !== undefined
        ? r.firstOutput - base
        : r.firstToken !== undefined
          ? r.firstToken - base
          : undefined,
    tpot:
      tokens >= 2 && r.firstToken !== undefined ? (r.end - r.firstToken) / (tokens - 1) : undefined,
    itl:
      times.length >= 2 && first !== undefined && last !== undefined
        ? (last - first) / (times.length - 1)
        : undefined,
  };
}

function holds(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

/** True when the request succeeded and met every term (no terms: every ok request is good). */
export function isGood(r: AttemptResult, terms: readonly GoodputTerm[]): boolean {
  if (r.outcome !== 'ok') return false;
  if (terms.length === 0) return true;
  const f = requestFigures(r);
  return terms.every((t) => {
    const v = f[t.figure];
    return v === undefined || holds(v, t.op, t.thresholdMs);
  });
}
