import { UsageError } from '../../core/errors.js';
import { itemRng, STREAM } from './token-spec.js';

/** `--turns N` or `LO..HI` (uniform per conversation, seeded). */
export interface TurnsSpec {
  lo: number;
  hi: number;
}

export const MAX_TURNS = 1000;

export function parseTurns(text: string): TurnsSpec {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(text);
  const lo = Number(m?.[1]);
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (!m || lo < 1 || hi < lo || hi > MAX_TURNS) {
    throw new UsageError(
      `--turns: '${text}' is not N or LO..HI with 1 <= LO <= HI <= ${MAX_TURNS} (e.g. 5 or 2..8)`,
    );
  }
  return { lo, hi };
}

export function formatTurns(t: TurnsSpec): string {
  return t.lo === t.hi ? String(t.lo) : `${t.lo}..${t.hi}`;
}

/** Turns of conversation `index`. */
export function drawTurns(t: TurnsSpec, seed: number, index: number): number {
  if (t.lo === t.hi) return t.lo;
  return t.lo + Math.floor(itemRng(seed, STREAM.turns, index)() * (t.hi - t.lo + 1));
}
