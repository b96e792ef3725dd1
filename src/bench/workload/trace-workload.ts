import { basename } from 'node:path';
import { globalSeq, type Shard } from '../scheduler.js';
import type { ExactText } from './exact-text.js';
import { Memo } from './memo.js';
import { itemRng, STREAM } from './token-spec.js';
import { HASH_BLOCK_TOKENS, type Trace, type TraceRequest } from './trace-file.js';
import type { TraceSchedule, WorkItem, Workload } from './types.js';

export interface TraceWorkloadOptions {
  trace: Trace;
  /** `--trace-speed`: 2 replays twice as fast (every gap halved). */
  speed: number;
  seed: number;
  /** `--exact-output`: the recorded output length also as min_tokens, with ignore_eos. */
  exactOutput: boolean;
  text: ExactText;
}

/** The window `connectionsAhead` counts a trace's sends in, ms (after `--trace-speed`). */
export const AHEAD_WINDOW_MS = 1000;
/** At most this many connections are opened ahead of a replay, per gateway. */
export const AHEAD_MAX = 64;

/**
 * How many connections to open before a replay (per gateway): the most sends the trace makes
 * within any AHEAD_WINDOW_MS, at most AHEAD_MAX. A chat answer takes about a second or more,
 * so those requests overlap and each needs a connection of its own; a replay that overlaps
 * more than that opens the rest as it goes, as it would without any opened ahead.
 */
export function connectionsAhead(schedule: Pick<TraceSchedule, 'length' | 'offsetMs'>): number {
  let most = 0;
  for (let lo = 0, hi = 0; hi < schedule.length; hi++) {
    const end = schedule.offsetMs(hi);
    while (schedule.offsetMs(lo) <= end - AHEAD_WINDOW_MS) lo++;
    most = Math.max(most, hi - lo + 1);
    if (most >= AHEAD_MAX) return AHEAD_MAX;
  }
  return most;
}

export function traceSchedule(trace: Trace, speed: number): TraceSchedule {
  const reqs = trace.requests;
  const offsetMs = (seq: number): number => (reqs[seq] as TraceRequest).atMs / speed;
  return {
    length: reqs.length,
    offsetMs,
    forShard(shard: Shard) {
      let k = 0;
      return { next: () => offsetMs(globalSeq(k++, shard)) };
    },
  };
}

/**
 * Replays a trace: request `seq` has the recorded input length (exact under o200k) and asks
 * for the recorded output length. Its prompt is made of one 512-token block per hash id
 * (block `h` is the same text in every request that lists `h`, so a server's prefix cache
 * sees the recorded reuse) with the last block cut to the recorded length; a request without
 * hash ids, or longer than its blocks, gets unique text for the rest.
 */
export function traceWorkload(o: TraceWorkloadOptions): Workload {
  const { text } = o;
  const blocks = new Memo<number, { ids: number[]; text: string }>(4096);
  const block = (h: number): { ids: number[]; text: string } =>
    blocks.get(h, () => {
      const head = text.tok.encode(`Block ${h}.`);
      const start = Math.floor(itemRng(o.seed, STREAM.offset, h)() * 2 ** 30);
      const ids = [...head, ...text.corpus.take(start, HASH_BLOCK_TOKENS - head.length)];
      return { ids, text: text.tok.decode(ids) };
    });
  const items = new Memo<number, WorkItem>(256);
  const build = (seq: number): WorkItem => {
    const r = o.trace.requests[seq] as TraceRequest;
    return {
      messages: [{ role: 'user', content: tracePrompt(r, seq, block, o) }],
      inputTokens: r.input,
      maxTokens: r.output,
      promptIndex: seq,
      ...(o.exactOutput ? { exactOutput: true } : {}),
    };
  };
  const item = (seq: number): WorkItem => items.get(seq, () => build(seq));
  const span = o.trace.requests[o.trace.requests.length - 1]?.atMs ?? 0;
  return {
    info: {
      source: 'trace',
      tokenizer: text.tok.name,
      exact_output: o.exactOutput,
      trace: {
        file: basename(o.trace.file),
        format: o.trace.format,
        requests: o.trace.requests.length,
        speed: o.speed,
        span_s: span / 1000 / o.speed,
      },
    },
    item,
    prepare: (seq) => void item(seq),
    trace: traceSchedule(o.trace, o.speed),
    count: text.tok.count,
  };
}

function tracePrompt(
  r: TraceRequest,
  seq: number,
  block: (h: number) => { ids: number[]; text: string },
  o: TraceWorkloadOptions,
): string {
  const hashIds = r.hashIds ?? [];
  const used = Math.min(hashIds.length, Math.ceil(r.input / HASH_BLOCK_TOKENS));
  const uniqueStart = Math.floor(itemRng(o.seed, STREAM.input, seq)() * 2 ** 30);
  const unique = o.text.tok.encode(`Request ${seq + 1}.`);
  const tail = (k: number, shift: number): number[] =>
    [...unique, ...o.text.corpus.take(uniqueStart + shift, Math.max(0, k - unique.length))].slice(
      0,
      k,
    );
  // Whole blocks before the last one; the last block (or the unique tail) is cut to fit.
  for (
    let whole = r.input > used * HASH_BLOCK_TOKENS ? used : Math.max(0, used - 1);
    whole >= 0;
    whole--
  ) {
    const prefix = hashIds
      .slice(0, whole)
      .map((h) => block(h).text)
      .join('');
    const last = whole < used ? block(hashIds[whole] as number).ids : undefined;
    const piece = (k: number, shift: number): number[] =>
      last === undefined
        ? tail(k, shift)
        : k <= last.length
          ? last.slice(0, k)
          : [...last, ...tail(k - last.length, shift)];
    try {
      return o.text.fit(prefix, r.input, piece);
    } catch {
      // The blocks' seams merged into fewer tokens than needed: one whole block fewer.
    }
  }
  return o.text.text(r.input, `Request ${seq + 1}.`, uniqueStart);
}
