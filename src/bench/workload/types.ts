import type { BenchMessage } from '../prompts.js';
import type { Shard } from '../scheduler.js';

/** One request's content and length settings, the same for every target. */
export interface WorkItem {
  messages: BenchMessage[];
  /** o200k tokens of every message's content, when counted (what `lengths.input_sent` records). */
  inputTokens?: number;
  /** `max_tokens` to send. */
  maxTokens?: number;
  /** `--exact-output`: also `min_tokens` (= maxTokens) and `ignore_eos: true`. */
  exactOutput?: boolean;
  /** Index of the prompt in the loaded list (synthetic and trace items: the request number). */
  promptIndex: number;
  /** Multi-turn: 1-based turn of the conversation. */
  turn?: number;
  /** Multi-turn: the answer's text is needed for the next turn's history. */
  keepContent?: boolean;
}

/** One conversation of a multi-turn run: its length and each turn's new user message. */
export interface Conversation {
  turns: number;
  /** System/developer messages that open the conversation. */
  opening: BenchMessage[];
  /** The new user message of turn `t` (0-based), with its o200k count when known. */
  user(t: number): { content: string; tokens?: number };
  /** `max_tokens` and `--exact-output` of turn `t`. */
  output(t: number): Pick<WorkItem, 'maxTokens' | 'exactOutput'>;
}

/** Open-loop send times of a trace: offset (ms, after `--trace-speed`) of global request `seq`. */
export interface TraceSchedule {
  length: number;
  offsetMs(seq: number): number;
  /** The shard's offsets in order (its k-th request is global seq `globalSeq(k, shard)`). */
  forShard(shard: Shard): { next(): number };
}

/** What the result's `load.workload` records. */
export interface WorkloadInfo {
  source: 'prompts' | 'synthetic' | 'trace';
  /** The encoding input lengths are counted (and built) with. */
  tokenizer: string;
  input_tokens?: string;
  output_tokens?: string;
  max_tokens?: number;
  exact_output: boolean;
  prompts_file?: string;
  trace?: { file: string; format: string; requests: number; speed: number; span_s: number };
  turns?: string;
  think_time_ms?: number;
}

/**
 * Everything a bench sends. `item(seq)` is deterministic in (seed, seq), so every target and
 * every shard sends request `seq` with the same content. Warm-up requests are numbered apart
 * (`warmup: true`) so they never repeat (and pre-cache) a measured prompt.
 */
export interface Workload {
  readonly info: WorkloadInfo;
  item(seq: number, warmup: boolean): WorkItem;
  /** Builds item(seq) ahead of its send time (a long prompt takes a few ms to build). */
  prepare?(seq: number, warmup: boolean): void;
  /** Trace replay: the recorded send times. */
  readonly trace?: TraceSchedule;
  /** Multi-turn: conversation number `index` (global, like a request number). */
  conversation?(index: number, warmup: boolean): Conversation;
  /** Multi-turn: pause between a turn's answer and the next turn, ms. */
  readonly thinkTimeMs?: number;
  /** Counts a text's tokens (the answer added to the history), when the tokenizer is loaded. */
  count?(text: string): number;
}
