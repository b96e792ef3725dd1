import { UsageError } from '../../core/errors.js';
import { mixSeed, mulberry32, type Rng } from '../../core/rng.js';

/**
 * `--input-tokens` / `--output-tokens` SPEC: `N`, `LO..HI` (uniform, both ends included),
 * `normal:MEAN,SD` or `lognormal:MEDIAN,SIGMA` (SIGMA of the underlying normal). Draws are
 * seeded per request, rounded to whole tokens and clamped at 1.
 */
export type TokenSpec =
  | { kind: 'fixed'; n: number }
  | { kind: 'uniform'; lo: number; hi: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; median: number; sigma: number };

const EXAMPLES =
  'give N, LO..HI, normal:MEAN,SD or lognormal:MEDIAN,SIGMA (e.g. 1000, 200..800, normal:500,100)';
/** Longer inputs than this are surely a typo (and would take seconds to build per request). */
export const MAX_SPEC_TOKENS = 2_000_000;

export function parseTokenSpec(text: string, flag: string): TokenSpec {
  const t = text.trim();
  const bad = (why: string): UsageError => new UsageError(`${flag}: '${text}' ${why}; ${EXAMPLES}`);
  const whole = (s: string | undefined): number => {
    if (s === undefined || !/^\d+$/.test(s.trim())) throw bad('is not a token count');
    const n = Number(s);
    if (n < 1 || n > MAX_SPEC_TOKENS) throw bad(`needs counts from 1 to ${MAX_SPEC_TOKENS}`);
    return n;
  };
  const num = (s: string | undefined, what: string, allowZero: boolean): number => {
    const n = s === undefined || s.trim() === '' ? NaN : Number(s);
    if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw bad(`needs ${what}`);
    return n;
  };
  const dist = /^(normal|lognormal):(.*)$/i.exec(t);
  if (dist) {
    const [a, b, extra] = (dist[2] ?? '').split(',');
    if (extra !== undefined) throw bad('takes two numbers');
    if (dist[1]?.toLowerCase() === 'normal') {
      return {
        kind: 'normal',
        mean: num(a, 'a mean > 0', false),
        sd: num(b, 'a standard deviation ≥ 0', true),
      };
    }
    return {
      kind: 'lognormal',
      median: num(a, 'a median > 0', false),
      sigma: num(b, 'a sigma ≥ 0', true),
    };
  }
  const range = /^(\S+)\.\.(\S+)$/.exec(t);
  if (range) {
    const lo = whole(range[1]);
    const hi = whole(range[2]);
    if (lo > hi) throw bad('has LO above HI');
    return lo === hi ? { kind: 'fixed', n: lo } : { kind: 'uniform', lo, hi };
  }
  return { kind: 'fixed', n: whole(t) };
}

export function formatTokenSpec(spec: TokenSpec): string {
  switch (spec.kind) {
    case 'fixed':
      return String(spec.n);
    case 'uniform':
      return `${spec.lo}..${spec.hi}`;
    case 'normal':
      return `normal:${spec.mean},${spec.sd}`;
    case 'lognormal':
      return `lognormal:${spec.median},${spec.sigma}`;
  }
}

function standardNormal(rng: Rng): number {
  const u = Math.max(rng(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** One draw: a whole number of tokens, at least 1. */
export function drawTokens(spec: TokenSpec, rng: Rng): number {
  let v: number;
  switch (spec.kind) {
    case 'fixed':
      return spec.n;
    case 'uniform':
      return spec.lo + Math.floor(rng() * (spec.hi - spec.lo + 1));
    case 'normal':
      v = spec.mean + spec.sd * standardNormal(rng);
      break;
    case 'lognormal':
      v = spec.median * Math.exp(spec.sigma * standardNormal(rng));
      break;
  }
  return Math.min(MAX_SPEC_TOKENS, Math.max(1, Math.round(v)));
}

/** Independent streams of draws under one seed (input lengths, output lengths, turns...). */
export const STREAM = { input: 1, output: 2, turns: 3, offset: 4, warmup: 5 } as const;

/**
 * The generator of item `index` (and `sub`, e.g. a turn) of `stream` under `seed`: the same
 * request gets the same draw on every target and shard.
 */
export function itemRng(seed: number, stream: number, index: number, sub = 0): Rng {
  const s = mixSeed(mixSeed(seed, stream, 0x7f4a7c15), index, 0x9e3779b9);
  return mulberry32(sub === 0 ? s : mixSeed(s, sub, 0x85ebca6b));
}
