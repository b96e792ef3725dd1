import { UsageError } from '../../core/errors.js';

/** What a sweep varies: closed-loop streams per target or open-loop requests/s per target. */
export type SweepKind = 'concurrency' | 'rate';

export interface SweepSpec {
  kind: SweepKind;
  lo: number;
  hi: number;
}

/** Default `--sweep-precision` for rates: bisect until the bracket is within 10 % of its low end. */
export const DEFAULT_RATE_PRECISION = 0.1;

const EXAMPLE = 'e.g. --sweep concurrency=1..256 or --sweep rate=0.5..200';

/** `concurrency=1..256` or `rate=0.5..200`. */
export function parseSweep(text: string): SweepSpec {
  const m = /^\s*([a-z]+)\s*=\s*(\d+(?:\.\d+)?)\s*\.\.\s*(\d+(?:\.\d+)?)\s*$/i.exec(text);
  if (!m) throw new UsageError(`--sweep: '${text}' is not KIND=LO..HI (${EXAMPLE})`);
  const [, kindRaw = '', loText = '', hiText = ''] = m;
  const kind = kindRaw.toLowerCase();
  if (kind !== 'concurrency' && kind !== 'rate') {
    throw new UsageError(`--sweep: '${kindRaw}' is not concurrency or rate (${EXAMPLE})`);
  }
  const lo = Number(loText);
  const hi = Number(hiText);
  if (kind === 'concurrency' && !(Number.isInteger(lo) && Number.isInteger(hi))) {
    throw new UsageError(`--sweep: concurrency takes whole numbers (got ${loText}..${hiText})`);
  }
  if (!(lo > 0)) throw new UsageError(`--sweep: the low end must be above 0 (got ${loText})`);
  if (!(hi > lo)) {
    throw new UsageError(
      `--sweep: the high end must be above the low end (got ${loText}..${hiText})`,
    );
  }
  return { kind, lo, hi };
}

/** `--sweep-precision 10%` → 0.1 (a share of the bracket's low end). */
export function parsePrecision(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  const pct = Number(m?.[1]);
  if (!m || !(pct > 0) || pct >= 100) {
    throw new UsageError(
      `--sweep-precision: '${text}' is not a percentage between 0 and 100; give one like 5% or 10%`,
    );
  }
  return pct / 100;
}
