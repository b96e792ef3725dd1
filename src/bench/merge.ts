import { UsageError } from '../core/errors.js';
import { mergeRoutes } from './route-stats.js';
import { FIGURES, figureKey, type Figure } from './figures.js';
import type { Histogram } from '../core/histogram.js';
import { mergeWorkloadFigures } from './workload/merge-figures.js';
import { decodeHistograms } from './result.js';
import { checkShardSet } from './result-check.js';
import {
  BENCH_SCHEMA,
  type BenchResult,
  type LoadInfo,
  type TargetResult,
} from './result-types.js';
import { addUsage, emptyUsage, errorTotal, type UsageTotals } from './stats.js';
import { mergeTimelines, type TimelineJson } from './timeline.js';

/**
 * Merges results of runs that ran at the same time (shards of one workload) exactly:
 * counts and errors add, histograms add and every percentile is recomputed from the merged
 * histogram, rates add (the shards ran concurrently), durations take the longest.
 * Nothing is averaged. Targets are matched by name; every document must have the same set.
 */
export function mergeResults(
  docs: readonly BenchResult[],
  fileNames?: readonly string[],
): BenchResult {
  const name = (i: number): string => fileNames?.[i] ?? `result #${i + 1}`;
  const first = docs[0];
  if (!first) throw new UsageError('bench merge: no results to merge');
  docs.forEach((d, i) => {
    if (d.schema !== BENCH_SCHEMA) {
      throw new UsageError(
        `${name(i)}: schema '${String(d.schema)}' cannot be merged (expected '${BENCH_SCHEMA}')`,
      );
    }
    if (d.load.mode !== first.load.mode) {
      throw new UsageError(
        `${name(i)}: load mode '${d.load.mode}' differs from ${name(0)} ('${first.load.mode}'); only runs of one workload can be merged`,
      );
    }
  });
  checkShardSet(docs, name);
  const goodput = (d: BenchResult): string => (d.goodput ?? []).join(',');
  docs.forEach((d, i) => {
    if (goodput(d) !== goodput(first)) {
      throw new UsageError(
        `${name(i)} counted goodput by [${goodput(d)}] but ${name(0)} by [${goodput(first)}]; only runs with the same --goodput terms can be merged`,
      );
    }
  });
  const names = first.targets.map((t) => t.name);
  docs.forEach((d, i) => {
    const other = d.targets.map((t) => t.name);
    const same = other.length === names.length && names.every((n) => other.includes(n));
    if (!same) {
      throw new UsageError(
        `${name(i)} has targets [${other.join(', ')}] but ${name(0)} has [${names.join(', ')}]; merge needs the same targets`,
      );
    }
  });
  const targets = names.map((targetName) =>
    mergeTarget(
      docs.map((d, i) => ({
        t: d.targets.find((t) => t.name === targetName) as TargetResult,
        file: name(i),
      })),
    ),
  );
  const lagP99 = maxOf(docs.map((d) => d.client.event_loop_lag_ms.p99));
  const lagMax = maxOf(docs.map((d) => d.client.event_loop_lag_ms.max));
  const warnings = docs.flatMap((d, i) =>
    d.client.warnings.map((w) => `${label(d, name(i))}: ${w}`),
  );
  const started = docs
    .map((d) => d.started_at)
    .reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  return {
    schema: BENCH_SCHEMA,
    started_at: started,
    duration_s: Math.max(...docs.map((d) => d.duration_s)),
    ...maxField(docs, 'drain_s'),
    ...maxField(docs, 'wall_s'),
    tool: first.tool,
    interrupted: docs.some((d) => d.interrupted === true),
    load: mergeLoad(docs.map((d) => d.load)),
    targets,
    client: { event_loop_lag_ms: { p99: lagP99, max: lagMax }, warnings },
    slo: [],
    ...(first.goodput !== undefined ? { goodput: first.goodput } : {}),
  };
}

/** `{field: longest}` when every document has the (additive) field, else nothing. */
function maxField(
  docs: readonly BenchResult[],
  field: 'drain_s' | 'wall_s',
): Partial<Pick<BenchResult, 'drain_s' | 'wall_s'>> {
  const values = docs.map((d) => d[field]);
  if (!values.every((v): v is number => v !== undefined)) return {};
  return { [field]: Math.max(...values) };
}

function label(d: BenchResult, file: string): string {
  return d.load.shard ? `shard ${d.load.shard.index}/${d.load.shard.count}` : file;
}

function maxOf(values: readonly (number | null)[]): number | null {
  let out: number | null = null;
  for (const v of values) if (v !== null && (out === null || v > out)) out = v;
  return out;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function mergeLoad(loads: readonly LoadInfo[]): LoadInfo {
  const first = loads[0] as LoadInfo;
  const out: LoadInfo = { ...first, shard: null };
  if (first.concurrency !== undefined) out.concurrency = sum(loads.map((l) => l.concurrency ?? 0));
  if (first.rate !== undefined) out.rate = sum(loads.map((l) => l.rate ?? 0));
  if (loads.every((l) => typeof l.requests === 'number')) {
    out.requests = sum(loads.map((l) => l.requests as number));
  }
  const planned = loads
    .map((l) => l.planned_duration_s)
    .filter((v): v is number => typeof v === 'number');
  if (planned.length > 0) out.planned_duration_s = Math.max(...planned);
  return out;
}

function mergeTarget(parts: readonly { t: TargetResult; file: string }[]): TargetResult {
  const head = parts[0] as { t: TargetResult; file: string };
  const base = head.t;
  for (const { t, file } of parts) {
    if (t.ok + errorTotal(t.errors) + t.cancelled !== t.requests) {
      throw new UsageError(
        `${file}: target '${t.name}': requests (${t.requests}) is not ok + errors + cancelled`,
      );
    }
    if (t.model !== base.model) {
      throw new UsageError(
        `${file}: target '${t.name}' is model '${t.model}' but ${head.file} has '${base.model}'; cannot merge`,
      );
    }
  }
  const histograms = decodeHistograms(base, head.file);
  for (const { t, file } of parts.slice(1)) {
    const h = decodeHistograms(t, file);
    for (const f of FIGURES) histograms[f].add(h[f]);
  }
  const errors: Record<string, number> = {};
  for (const { t } of parts) {
    for (const [cls, n] of Object.entries(t.errors)) errors[cls] = (errors[cls] ?? 0) + n;
  }
  const requests = sum(parts.map((p) => p.t.requests));
  const ok = sum(parts.map((p) => p.t.ok));
  const cancelled = sum(parts.map((p) => p.t.cancelled));
  const completed = requests - cancelled;
  const targetRps = parts.every((p) => p.t.target_rps !== null)
    ? sum(parts.map((p) => p.t.target_rps as number))
    : null;
  const out: TargetResult = {
    name: base.name,
    model: base.model,
    ...(base.sent_id !== undefined ? { sent_id: base.sent_id } : {}),
    base_url: base.base_url,
    requests,
    ok,
    cancelled,
    errors,
    success_rate: completed > 0 ? ok / completed : 0,
    throughput_rps: sum(parts.map((p) => p.t.throughput_rps)),
    target_rps: targetRps,
    output_tokens_per_s: sum(parts.map((p) => p.t.output_tokens_per_s)),
    tokens_source: parts.some((p) => p.t.tokens_source === 'chunks') ? 'chunks' : 'usage',
    ...summaries(histograms),
    histograms: encodeAll(histograms),
  };
  mergeUsage(out, parts);
  mergeActive(out, parts);
  const routes = parts.flatMap((p) => (p.t.route ? [p.t.route] : []));
  if (routes.length > 0) out.route = mergeRoutes(routes);
  const timelines = parts.map((p) => p.t.timeline);
  if (timelines.every((t) => t !== undefined)) out.timeline = mergeTimeline(timelines, parts);
  if (parts.every((p) => p.t.good !== undefined)) {
    // Good counts add exactly; the rate is recomputed, goodput adds like throughput.
    const good = sum(parts.map((p) => p.t.good as number));
    out.good = good;
    out.good_rate = completed > 0 ? good / completed : 0;
    out.goodput_rps = sum(parts.map((p) => p.t.goodput_rps ?? 0));
  }
  if (parts.every((p) => p.t.output_tokens !== undefined)) {
    out.output_tokens = sum(parts.map((p) => p.t.output_tokens as number));
  }
  return Object.assign(out, mergeWorkloadFigures(parts.map((p) => p.t)));
}

/** Usage totals add exactly, overall and (route targets) per answering model. */
function mergeUsage(out: TargetResult, parts: readonly { t: TargetResult }[]): void {
  if (parts.every((p) => p.t.usage !== undefined)) {
    const usage = emptyUsage();
    for (const p of parts) addUsage(usage, p.t.usage as UsageTotals);
    out.usage = usage;
  }
  // Route targets: a shard whose requests all failed has no per-model usage, so it adds nothing.
  if (parts.some((p) => p.t.usage_by_model !== undefined)) {
    const byModel: NonNullable<TargetResult['usage_by_model']> = {};
    for (const p of parts) {
      for (const [model, u] of Object.entries(p.t.usage_by_model ?? {})) {
        const to = (byModel[model] ??= { ...emptyUsage(), requests: 0 });
        addUsage(to, u);
        to.requests += u.requests;
      }
    }
    out.usage_by_model = byModel;
  }
}

/** Shards run side by side: the merged target was active as long as its longest shard. */
function mergeActive(out: TargetResult, parts: readonly { t: TargetResult }[]): void {
  if (parts.every((p) => p.t.active_s !== undefined)) {
    out.active_s = Math.max(...parts.map((p) => p.t.active_s as number));
  }
}

/** Shards' time series add slot by slot (see bench/timeline.ts); a bad one names its file. */
function mergeTimeline(
  timelines: readonly TimelineJson[],
  parts: readonly { t: TargetResult; file: string }[],
): TimelineJson {
  try {
    return mergeTimelines(timelines);
  } catch (err) {
    const files = parts.map((p) => p.file).join(', ');
    throw new UsageError(
      `${files}: target '${parts[0]?.t.name ?? ''}': ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

type SummaryFields = Pick<TargetResult, `${Figure}_ms`>;

function summaries(h: Record<Figure, Histogram>): SummaryFields {
  const out = {} as SummaryFields;
  for (const f of FIGURES) out[figureKey(f)] = h[f].summary();
  return out;
}

function encodeAll(h: Record<Figure, Histogram>): Record<string, string> {
  return Object.fromEntries(FIGURES.map((f) => [f, h[f].encode()]));
}
