import { basename, join, resolve } from 'node:path';
import { tryParseDuration } from '../../config/duration.js';
import { positiveInt, positiveNumber } from '../../config/flag-values.js';
import { packageRoot } from '../../config/package-root.js';
import { UsageError } from '../../core/errors.js';
import { loadTokenizer } from '../../core/tokenizer.js';
import {
  Corpus,
  ExactText,
  loadPromptsFile,
  loadTrace,
  parseTokenSpec,
  parseTurns,
  promptFromText,
  promptWorkload,
  syntheticWorkload,
  traceWorkload,
  type BenchPrompt,
  type LoadSpec,
  type OutputPolicy,
  type StopSpec,
  type TokenSpec,
  type TurnsSpec,
  type Workload,
} from '../../bench/index.js';

/** The workload flags of `bench`, as typed. */
export interface WorkloadCliOptions {
  prompt?: string;
  prompts?: string;
  maxTokens?: string;
  inputTokens?: string;
  outputTokens?: string;
  exactOutput?: boolean;
  trace?: string;
  traceSpeed?: string;
  turns?: string;
  thinkTime?: string;
  concurrency?: string;
  rate?: string;
  arrival?: string;
  warmup?: string;
}

export interface ParsedWorkload {
  input?: TokenSpec;
  output?: TokenSpec;
  exact: boolean;
  trace?: string;
  speed: number;
  turns?: TurnsSpec;
  thinkTimeMs?: number;
}

const TRACE_ALONE: [keyof WorkloadCliOptions, string][] = [
  ['concurrency', '-c/--concurrency'],
  ['rate', '--rate'],
  ['arrival', '--arrival'],
  ['warmup', '--warmup'],
  ['prompt', '--prompt'],
  ['prompts', '--prompts'],
  ['inputTokens', '--input-tokens'],
  ['outputTokens', '--output-tokens'],
  ['maxTokens', '--max-tokens'],
  ['turns', '--turns'],
];

/** Checks the workload flags and how they combine (before anything starts). */
export function parseWorkloadOptions(o: WorkloadCliOptions): ParsedWorkload {
  if (o.trace !== undefined) {
    for (const [key, flag] of TRACE_ALONE) {
      if (o[key] !== undefined) {
        throw new UsageError(
          `--trace replays the trace's own times and lengths; drop ${flag} (-n or -d may cut the replay short)`,
        );
      }
    }
  }
  if (o.traceSpeed !== undefined && o.trace === undefined) {
    throw new UsageError('--trace-speed only works with --trace FILE');
  }
  if (o.inputTokens !== undefined && (o.prompt !== undefined || o.prompts !== undefined)) {
    throw new UsageError('use --input-tokens (generated prompts) or --prompt/--prompts, not both');
  }
  if (o.outputTokens !== undefined && o.maxTokens !== undefined) {
    throw new UsageError('use --output-tokens or --max-tokens, not both');
  }
  if (o.thinkTime !== undefined && o.turns === undefined) {
    throw new UsageError('--think-time only works with --turns N (the pause between turns)');
  }
  const parsed: ParsedWorkload = {
    exact: o.exactOutput === true,
    speed: o.traceSpeed !== undefined ? positiveNumber(o.traceSpeed, '--trace-speed') : 1,
  };
  if (o.inputTokens !== undefined) parsed.input = parseTokenSpec(o.inputTokens, '--input-tokens');
  if (o.outputTokens !== undefined) {
    parsed.output = parseTokenSpec(o.outputTokens, '--output-tokens');
  }
  if (o.trace !== undefined) parsed.trace = o.trace;
  if (o.turns !== undefined) parsed.turns = parseTurns(o.turns);
  if (o.thinkTime !== undefined) {
    const ms = tryParseDuration(o.thinkTime);
    if (ms === undefined || ms < 0) {
      throw new UsageError(
        `--think-time: '${o.thinkTime}' is not a duration; give one like 2s or 500ms`,
      );
    }
    parsed.thinkTimeMs = ms;
  }
  return parsed;
}

export interface WorkloadContext {
  cwd: string;
  seed: number;
  /** `--max-tokens` (or bench's default) when no `--output-tokens`. */
  maxTokens: number;
  shuffle?: boolean;
}

/** Reads what the run will send: prompts, a trace, or generated texts (errors before any send). */
export async function loadWorkload(
  p: ParsedWorkload,
  o: WorkloadCliOptions,
  ctx: WorkloadContext,
): Promise<Workload> {
  const output: OutputPolicy = { exact: p.exact, maxTokens: ctx.maxTokens };
  if (p.output) output.spec = p.output;
  const turns = p.turns ? { turns: p.turns, thinkTimeMs: p.thinkTimeMs ?? 0 } : {};
  if (p.trace !== undefined) {
    const trace = await loadTrace(resolve(ctx.cwd, p.trace), p.trace);
    const tok = await loadTokenizer();
    const text = new ExactText(tok, await Corpus.load(tok, packageRoot()));
    return traceWorkload({ trace, speed: p.speed, seed: ctx.seed, exactOutput: p.exact, text });
  }
  if (p.input) {
    const tok = await loadTokenizer();
    const text = new ExactText(tok, await Corpus.load(tok, packageRoot()));
    return syntheticWorkload({ input: p.input, output, seed: ctx.seed, text, ...turns });
  }
  const { prompts, file } = await loadPrompts(o, ctx.cwd);
  // Counting plain prompts costs the tokenizer's load (~0.2 s): only when lengths were asked
  // for, or a conversation's history is counted.
  const counted = p.turns !== undefined || p.output !== undefined || p.exact;
  const tok = counted ? await loadTokenizer() : undefined;
  return promptWorkload({
    prompts,
    seed: ctx.seed,
    output,
    ...(tok ? { tok } : {}),
    info: file ? { prompts_file: basename(file) } : {},
    ...(ctx.shuffle !== undefined ? { shuffle: ctx.shuffle } : {}),
    ...turns,
  });
}

async function loadPrompts(
  o: WorkloadCliOptions,
  cwd: string,
): Promise<{ prompts: BenchPrompt[]; file?: string }> {
  if (o.prompt !== undefined && o.prompts !== undefined) {
    throw new UsageError('use --prompt or --prompts, not both');
  }
  if (o.prompt !== undefined) return { prompts: promptFromText(o.prompt) };
  if (o.prompts !== undefined) {
    return { prompts: await loadPromptsFile(resolve(cwd, o.prompts)), file: o.prompts };
  }
  return { prompts: await loadPromptsFile(join(packageRoot(), 'fixtures/prompts/short.jsonl')) };
}

/**
 * A trace sets the load: open loop at its recorded times, all of its requests unless -n or
 * -d cut it short. `rate` is the trace's mean rate (requests − 1 over its span).
 */
export function traceLoad(
  workload: Workload,
  cut: { requests?: string; duration?: string },
  stop: StopSpec,
): { load: LoadSpec; stop: StopSpec } {
  const trace = workload.trace;
  if (!trace) throw new Error('traceLoad needs a trace workload');
  const spanS = trace.offsetMs(trace.length - 1) / 1000;
  const rate = trace.length > 1 && spanS > 0 ? (trace.length - 1) / spanS : trace.length;
  const load: LoadSpec = { mode: 'open', rate, arrival: 'trace' };
  if (cut.requests !== undefined) {
    const n = positiveInt(cut.requests, '-n/--requests');
    if (n > trace.length) {
      throw new UsageError(
        `-n ${n}: the trace holds ${trace.length} requests; give at most ${trace.length} or drop -n`,
      );
    }
    return { load, stop };
  }
  return { load, stop: cut.duration !== undefined ? stop : { requests: trace.length } };
}
