import type { ExactText } from './exact-text.js';
import { Memo } from './memo.js';
import { outputFields, outputInfo, type OutputPolicy } from './output-policy.js';
import { drawTokens, formatTokenSpec, itemRng, STREAM, type TokenSpec } from './token-spec.js';
import { drawTurns, formatTurns, type TurnsSpec } from './turns.js';
import type { Conversation, WorkItem, Workload } from './types.js';

/** Built requests kept (all targets send request n at about the same time; prompts can be large). */
const ITEMS_KEPT = 256;

export interface SyntheticOptions {
  input: TokenSpec;
  output: OutputPolicy;
  seed: number;
  text: ExactText;
  turns?: TurnsSpec;
  thinkTimeMs?: number;
}

/**
 * `--input-tokens SPEC`: request `seq` is one user message of exactly the drawn number of
 * o200k tokens: a short unique heading (`Request 17.`, so no two requests share a cached
 * prefix by accident) and then shipped prose from a seeded position.
 */
export function syntheticWorkload(o: SyntheticOptions): Workload {
  const memo = new Memo<string, WorkItem>(ITEMS_KEPT);
  const build = (seq: number, warmup: boolean): WorkItem => {
    const stream = warmup ? STREAM.warmup : STREAM.input;
    const n = drawTokens(o.input, itemRng(o.seed, stream, seq));
    const start = Math.floor(itemRng(o.seed, stream + 100, seq)() * 2 ** 30);
    const head = `${warmup ? 'Warm-up request' : 'Request'} ${seq + 1}.`;
    return {
      messages: [{ role: 'user', content: o.text.text(n, head, start) }],
      inputTokens: n,
      promptIndex: seq,
      ...outputFields(o.output, o.seed, seq),
    };
  };
  const item = (seq: number, warmup: boolean): WorkItem =>
    memo.get(`${warmup ? 'w' : 'm'}${seq}`, () => build(seq, warmup));
  const workload: Workload = {
    info: {
      source: 'synthetic',
      tokenizer: o.text.tok.name,
      input_tokens: formatTokenSpec(o.input),
      exact_output: o.output.exact,
      ...outputInfo(o.output),
      ...(o.turns ? { turns: formatTurns(o.turns), think_time_ms: o.thinkTimeMs ?? 0 } : {}),
    },
    item,
    prepare: (seq, warmup) => void item(seq, warmup),
    count: o.text.tok.count,
  };
  if (o.turns) {
    const turns = o.turns;
    workload.conversation = (index, warmup) =>
      syntheticConversation(o, index, warmup, drawTurns(turns, o.seed, index));
    if (o.thinkTimeMs !== undefined) Object.assign(workload, { thinkTimeMs: o.thinkTimeMs });
  }
  return workload;
}

/** Every turn's new user message has the drawn length; the history grows on top of it. */
function syntheticConversation(
  o: SyntheticOptions,
  index: number,
  warmup: boolean,
  turns: number,
): Conversation {
  const stream = warmup ? STREAM.warmup : STREAM.input;
  return {
    turns,
    opening: [],
    user(t) {
      const n = drawTokens(o.input, itemRng(o.seed, stream, index, t + 1));
      const start = Math.floor(itemRng(o.seed, stream + 100, index, t + 1)() * 2 ** 30);
      const head = `${warmup ? 'Warm-up conversation' : 'Conversation'} ${index + 1}, turn ${t + 1}.`;
      return { content: o.text.text(n, head, start), tokens: n };
    },
    output: (t) => outputFields(o.output, o.seed, index, t + 1),
  };
}
