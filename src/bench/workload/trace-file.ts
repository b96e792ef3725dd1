import { readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';

/**
 * Timestamped request traces: Mooncake-style JSONL (`{"timestamp": ms, "input_length": n,
 * "output_length": n, "hash_ids": [..]}`) or BurstGPT-style CSV (header `Timestamp,Model,
 * Request tokens,Response tokens,...`, timestamps in seconds). Lengths of 0 become 1 (a
 * request needs a token; BurstGPT logs failed requests with 0 response tokens).
 */
export interface TraceRequest {
  /** Recorded send time, ms from the trace's first request. */
  atMs: number;
  input: number;
  output: number;
  /** Mooncake: ids of the 512-token prefix blocks; requests sharing an id share that block. */
  hashIds?: number[];
}

export type TraceFormat = 'mooncake' | 'burstgpt';

export interface Trace {
  file: string;
  format: TraceFormat;
  requests: TraceRequest[];
}

export const HASH_BLOCK_TOKENS = 512;

const MOONCAKE_HINT =
  'each line must be {"timestamp": ms, "input_length": n, "output_length": n, "hash_ids": [..]}';
const BURST_HINT = 'each row must be Timestamp (s), Request tokens, Response tokens';

const lineError = (file: string, line: number, why: string, hint: string): UsageError =>
  new UsageError(`${file}:${line}: ${why}; ${hint}`);

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function mooncakeLine(value: unknown, file: string, line: number): TraceRequest {
  const err = (why: string): UsageError => lineError(file, line, why, MOONCAKE_HINT);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw err('not a JSON object');
  const o = value as Record<string, unknown>;
  const at = o.timestamp;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) {
    throw err('"timestamp" must be a number of ms ≥ 0');
  }
  const input = count(o.input_length);
  const output = count(o.output_length);
  if (input === undefined) throw err('"input_length" must be a whole number ≥ 0');
  if (output === undefined) throw err('"output_length" must be a whole number ≥ 0');
  const r: TraceRequest = { atMs: at, input: Math.max(1, input), output: Math.max(1, output) };
  if (o.hash_ids !== undefined) {
    const ids = o.hash_ids;
    if (!Array.isArray(ids) || !ids.every((h) => count(h) !== undefined)) {
      throw err('"hash_ids" must be an array of whole numbers');
    }
    r.hashIds = ids as number[];
  }
  return r;
}

function parseMooncake(text: string, file: string): TraceRequest[] {
  const out: TraceRequest[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw lineError(file, i + 1, 'not valid JSON', MOONCAKE_HINT);
    }
    out.push(mooncakeLine(value, file, i + 1));
  });
  return out;
}

/** Splits one CSV row (double-quoted fields with "" escapes allowed). */
export function csvFields(row: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    const ch = row[i] as string;
    if (quoted) {
      if (ch === '"' && row[i + 1] === '"') ((cur += '"'), i++);
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (out.push(cur.trim()), (cur = ''));
    else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

function parseBurstGpt(text: string, file: string): TraceRequest[] {
  const rows = text.split(/\r?\n/);
  const header = csvFields(rows[0] ?? '').map((h) => h.toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  const [ts, req, resp] = [col('timestamp'), col('request tokens'), col('response tokens')];
  if (ts < 0 || req < 0 || resp < 0) {
    throw lineError(
      file,
      1,
      'the header lacks Timestamp, Request tokens or Response tokens',
      BURST_HINT,
    );
  }
  const out: TraceRequest[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] as string;
    if (row.trim() === '') continue;
    const f = csvFields(row);
    const err = (why: string): UsageError => lineError(file, i + 1, why, BURST_HINT);
    const at = Number(f[ts]);
    const input = Number(f[req]);
    const output = Number(f[resp]);
    if (f[ts] === '' || !Number.isFinite(at) || at < 0) throw err('Timestamp must be seconds ≥ 0');
    if (count(input) === undefined) throw err('Request tokens must be a whole number ≥ 0');
    if (count(output) === undefined) throw err('Response tokens must be a whole number ≥ 0');
    out.push({ atMs: at * 1000, input: Math.max(1, input), output: Math.max(1, output) });
  }
  return out;
}

/** Parses a trace; the format is told by the first non-blank line (`{` = JSONL, else CSV). */
export function parseTrace(text: string, file: string): Trace {
  const first = text.trimStart();
  const format: TraceFormat =
    first.startsWith('{') || first.startsWith('//') ? 'mooncake' : 'burstgpt';
  const requests = format === 'mooncake' ? parseMooncake(text, file) : parseBurstGpt(text, file);
  if (requests.length === 0) {
    throw new UsageError(
      `${file}: the trace holds no requests; ${format === 'mooncake' ? MOONCAKE_HINT : BURST_HINT}`,
    );
  }
  // Replayed in time order; request numbers (and shards) follow it. Offsets from the first.
  const sorted = requests
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.atMs - b.r.atMs || a.i - b.i)
    .map((x) => x.r);
  const t0 = sorted[0]?.atMs ?? 0;
  for (const r of sorted) r.atMs -= t0;
  return { file, format, requests: sorted };
}

export async function loadTrace(file: string, shown: string): Promise<Trace> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--trace: cannot read ${shown} (${code ?? String(err)}); give a Mooncake-style JSONL or BurstGPT-style CSV trace`,
    );
  }
  return parseTrace(text, shown);
}
