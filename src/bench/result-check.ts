import { UsageError } from '../core/errors.js';
import { BENCH_SCHEMA, benchResultSchema, type BenchResult } from './result-types.js';

/**
 * The one validator of `shepherd.bench/v1` files, used by everything that reads one back
 * (`bench merge`, `bench --baseline`, `cost --from`): so no command accepts a file another
 * rejects. Beyond the schema it checks what the schema cannot: a shard is the I-th of N with
 * I ≤ N, and every target's requests are its ok + errors + cancelled. (Histograms are decoded
 * where they are used: merge and baseline.) A bad file is a UsageError naming it and what is
 * wrong.
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
  checkConsistency(parsed.data, fileName);
  return parsed.data;
}

function checkConsistency(doc: BenchResult, fileName: string): void {
  const shard = doc.load.shard;
  if (shard && shard.index > shard.count) {
    throw new UsageError(
      `${fileName}: invalid bench result at load.shard: shard ${shard.index}/${shard.count} (the index is 1 to the count)`,
    );
  }
  doc.targets.forEach((t, i) => {
    const sum = t.ok + Object.values(t.errors).reduce((a, b) => a + b, 0) + t.cancelled;
    if (sum !== t.requests) {
      throw new UsageError(
        `${fileName}: invalid bench result at targets[${i}]: requests (${t.requests}) is not ok + errors + cancelled (${sum})`,
      );
    }
  });
}

/**
 * Files merged together must be one workload's shards or none: every sharded file with the
 * same shard count, each shard once, never sharded and unsharded files mixed.
 */
export function checkShardSet(docs: readonly BenchResult[], name: (i: number) => string): void {
  const seen = new Map<string, number>();
  let first: number | undefined;
  docs.forEach((d, i) => {
    const s = d.load.shard;
    const f = first === undefined ? undefined : docs[first]?.load.shard;
    if (first !== undefined && (s === null) !== (f === null)) {
      throw new UsageError(
        `${name(i)} is ${s ? `shard ${s.index}/${s.count}` : 'not a shard'} but ${name(first)} is ${f ? `shard ${f.index}/${f.count}` : 'not a shard'}; merge the shards of one run, or runs without --shard`,
      );
    }
    first ??= i;
    if (!s) return;
    if (f && s.count !== f.count) {
      throw new UsageError(
        `${name(i)} is shard ${s.index}/${s.count} but ${name(first)} is shard ${f.index}/${f.count}; shards of one run share their count`,
      );
    }
    const key = `${s.index}/${s.count}`;
    const before = seen.get(key);
    if (before !== undefined) {
      throw new UsageError(
        `${name(i)} and ${name(before)} are both shard ${key}; each shard must be merged once`,
      );
    }
    seen.set(key, i);
  });
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(document)';
}
