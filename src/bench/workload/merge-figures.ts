import type { TargetResult } from '../result-types.js';
import { mergeLengths } from './lengths.js';
import { mergeTurns } from './turn-stats.js';

/** The workload blocks of one target across shards: length counts and turn figures add. */
export function mergeWorkloadFigures(
  parts: readonly TargetResult[],
): Pick<TargetResult, 'lengths' | 'turns'> {
  const out: Pick<TargetResult, 'lengths' | 'turns'> = {};
  const lengths = parts.flatMap((t) => (t.lengths ? [t.lengths] : []));
  if (lengths.length > 0) out.lengths = mergeLengths(lengths);
  const turns = parts.flatMap((t) => (t.turns ? [t.turns] : []));
  if (turns.length > 0) out.turns = mergeTurns(turns);
  return out;
}
