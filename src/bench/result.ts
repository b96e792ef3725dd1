import { UsageError } from '../core/errors.js';
import { FIGURES, type Figure } from './figures.js';
import { Histogram } from './histogram.js';
import {
  BENCH_SCHEMA,
  benchResultSchema,
  type BenchResult,
  type LoadInfo,
  type SloResult,
  type TargetResult,
} from './result-types.js';

export { BENCH_SCHEMA };
export type { BenchResult, LoadInfo, SloResult, TargetResult };

export interface BenchResultParts {
  /** Wall-clock start of the measured window, epoch ms. */
  startedAtWall: number;
  durationS: number;
  version: string;
  load: LoadInfo;
  targets: TargetResult[];
  eventLoopLagMs: { p99: number | null; max: number | null };
  warnings: string[];
  slo?: SloResult[];
  interrupted?: boolean;
  /** The `--goodput` terms, as typed. */
  goodput?: readonly string[];
}

/** Assembles the `shepherd.bench/v1` document in the SPEC's field order. */
export function buildBenchResult(p: BenchResultParts): BenchResult {
  return {
    schema: BENCH_SCHEMA,
    started_at: new Date(p.startedAtWall).toISOString(),
    duration_s: p.durationS,
    tool: { version: p.version },
    interrupted: p.interrupted ?? false,
    load: p.load,
    targets: p.targets,
    client: { event_loop_lag_ms: p.eventLoopLagMs, warnings: p.warnings },
    slo: p.slo ?? [],
    goodput: [...(p.goodput ?? [])],
  };
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(document)';
}

/**
 * Reads a bench result back (a JSON string or an already parsed value). Anything that is not
 * a valid `shepherd.bench/v1` document is a UsageError naming the file and what is wrong.
 */
export function parseBenchResult(input: unknown, fileName: string): BenchResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      throw new UsageError(
        `${fileName}: not a JSON document (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  const schema =
    value !== null && typeof value === 'object'
      ? (value as { schema?: unknown }).schema
      : undefined;
  if (schema !== BENCH_SCHEMA) {
    throw new UsageError(
      `${fileName}: not a shepherd bench result (schema ${JSON.stringify(schema ?? null)}, expected "${BENCH_SCHEMA}"); pass a file written by shepherd bench --out`,
    );
  }
  const parsed = benchResultSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? pathText(issue.path) : '(document)';
    throw new UsageError(
      `${fileName}: invalid bench result at ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** Decodes every figure histogram of a target; a missing or corrupt one is a UsageError. */
export function decodeHistograms(
  target: TargetResult,
  fileName: string,
): Record<Figure, Histogram> {
  const out = {} as Record<Figure, Histogram>;
  for (const figure of FIGURES) {
    const encoded = target.histograms[figure];
    if (encoded === undefined) {
      throw new UsageError(
        `${fileName}: target '${target.name}' has no '${figure}' histogram (written by an older shepherd?)`,
      );
    }
    try {
      out[figure] = Histogram.decode(encoded);
    } catch (err) {
      throw new UsageError(
        `${fileName}: target '${target.name}': the '${figure}' histogram cannot be decoded (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  return out;
}
