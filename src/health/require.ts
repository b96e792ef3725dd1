import { UsageError } from '../core/errors.js';
import { isAvailable, type ProbeResult } from './types.js';

/** `--require all|any|N`: how many probed models must answer (up or degraded). */
export type Requirement = { kind: 'all' } | { kind: 'any' } | { kind: 'count'; n: number };

export function parseRequirement(text: string, modelCount: number): Requirement {
  const t = text.trim().toLowerCase();
  if (t === 'all') return { kind: 'all' };
  if (t === 'any') return { kind: 'any' };
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isInteger(n) || n < 1) {
    throw new UsageError(
      `--require: '${text}' is not all, any or a whole number of models; give all, any or a number such as 1 or 2`,
    );
  }
  if (n > modelCount) {
    throw new UsageError(
      `--require ${n}: only ${modelCount} model${modelCount === 1 ? ' is' : 's are'} probed; ask for at most ${modelCount}`,
    );
  }
  return { kind: 'count', n };
}

export function describeRequirement(r: Requirement): string {
  return r.kind === 'count' ? String(r.n) : r.kind;
}

export interface RequirementVerdict {
  met: boolean;
  available: number;
  total: number;
  /** One line for stderr when not met, e.g. `--require all not met: 1 of 3 models down (a)`. */
  message: string;
}

export function checkRequirement(
  r: Requirement,
  results: readonly ProbeResult[],
): RequirementVerdict {
  const total = results.length;
  const available = results.filter((x) => isAvailable(x.status)).length;
  const needed = r.kind === 'all' ? total : r.kind === 'any' ? Math.min(1, total) : r.n;
  const met = available >= needed;
  const down = results.filter((x) => !isAvailable(x.status)).map((x) => x.model);
  const message = met
    ? `--require ${describeRequirement(r)} met: ${available} of ${total} models answered`
    : `--require ${describeRequirement(r)} not met: ${down.length} of ${total} model${total === 1 ? '' : 's'} down (${down.join(', ')}); ${available} answered, ${needed} needed`;
  return { met, available, total, message };
}
