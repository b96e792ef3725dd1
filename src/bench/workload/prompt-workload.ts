import type { Tokenizer } from '../../core/tokenizer.js';
import { promptOrder, type BenchMessage, type BenchPrompt } from '../prompts.js';
import { Memo } from './memo.js';
import { outputFields, outputInfo, type OutputPolicy } from './output-policy.js';
import { drawTurns, formatTurns, type TurnsSpec } from './turns.js';
import type { Conversation, WorkItem, Workload, WorkloadInfo } from './types.js';

export interface PromptWorkloadOptions {
  prompts: readonly BenchPrompt[];
  seed: number;
  shuffle?: boolean;
  output: OutputPolicy;
  tok?: Tokenizer;
  turns?: TurnsSpec;
  thinkTimeMs?: number;
  info: Pick<WorkloadInfo, 'prompts_file'>;
}

const isOpening = (m: BenchMessage): boolean => m.role === 'system' || m.role === 'developer';

/**
 * What one request sends from a loaded prompt: the line as written, except a recorded
 * conversation (its last message is the assistant's) sends only its first turn.
 */
export function firstTurn(messages: readonly BenchMessage[]): BenchMessage[] {
  if (messages[messages.length - 1]?.role !== 'assistant') return [...messages];
  const firstUser = messages.findIndex((m) => m.role === 'user');
  return messages.slice(0, firstUser + 1);
}

/** Messages that will not change again: the client may serialise them once. */
function frozen(messages: BenchMessage[]): BenchMessage[] {
  for (const m of messages) Object.freeze(m);
  return Object.freeze(messages) as BenchMessage[];
}

/** `--prompt` / `--prompts` (and the built-in set): the loaded prompts in seeded order. */
export function promptWorkload(o: PromptWorkloadOptions): Workload {
  const order = promptOrder(o.prompts.length, o.seed, o.shuffle ?? true);
  const counts = new Memo<number, number>(100_000);
  const tokensOf = (messages: readonly BenchMessage[]): number | undefined => {
    const tok = o.tok;
    return tok ? messages.reduce((n, m) => n + tok.count(m.content), 0) : undefined;
  };
  const built: WorkItem[] = [];
  const firstTurns: BenchMessage[][] = [];
  const at = (i: number): { index: number; prompt: BenchPrompt } => {
    const index = order[i % order.length] as number;
    return { index, prompt: o.prompts[index] as BenchPrompt };
  };
  const info: WorkloadInfo = {
    source: 'prompts',
    tokenizer: o.tok?.name ?? 'none',
    exact_output: o.output.exact,
    ...o.info,
    ...outputInfo(o.output),
    ...(o.turns ? { turns: formatTurns(o.turns), think_time_ms: o.thinkTimeMs ?? 0 } : {}),
  };
  const workload: Workload = {
    info,
    item(seq) {
      const { index, prompt } = at(seq);
      // Without a drawn output length, a prompt's item is the same every time it comes round:
      // built once, frozen (so the client may keep its request body), and handed out again.
      const fixed = o.output.spec === undefined;
      const hit = fixed ? built[index] : undefined;
      if (hit) return hit;
      const messages = (firstTurns[index] ??= frozen(firstTurn(prompt.messages)));
      const inputTokens = o.tok ? counts.get(index, () => tokensOf(messages) as number) : undefined;
      const item: WorkItem = {
        messages,
        promptIndex: index,
        ...(inputTokens !== undefined ? { inputTokens } : {}),
        ...outputFields(o.output, o.seed, seq),
      };
      if (fixed) built[index] = Object.freeze(item);
      return item;
    },
    ...(o.tok ? { count: o.tok.count } : {}),
  };
  if (o.turns) {
    const turns = o.turns;
    workload.conversation = (index) =>
      promptConversation(o, at, index, drawTurns(turns, o.seed, index), turns.hi);
    if (o.thinkTimeMs !== undefined) Object.assign(workload, { thinkTimeMs: o.thinkTimeMs });
  }
  return workload;
}

/**
 * Conversation `index`: a recorded conversation (a line holding answers) plays its own user
 * messages, up to `turns`; a single prompt is turn 1 and later prompts of the seeded order
 * give the next turns' messages.
 */
function promptConversation(
  o: PromptWorkloadOptions,
  at: (i: number) => { index: number; prompt: BenchPrompt },
  index: number,
  turns: number,
  maxTurns: number,
): Conversation {
  const { prompt } = at(index);
  const opening = prompt.messages.filter(isOpening);
  const users = prompt.messages.filter((m) => m.role === 'user').map((m) => m.content);
  // A line with an answer in it is a recorded conversation: it plays its own user turns.
  const recorded = prompt.messages.some((m) => m.role === 'assistant');
  const user = (t: number): string => {
    if (recorded) return users[t] as string;
    const next = at(index * maxTurns + t).prompt.messages.filter((m) => m.role === 'user');
    return next[next.length - 1]?.content ?? '';
  };
  return {
    turns: recorded ? Math.min(turns, users.length) : turns,
    opening,
    user: (t) => {
      const content = user(t);
      return o.tok ? { content, tokens: o.tok.count(content) } : { content };
    },
    output: (t) => outputFields(o.output, o.seed, index, t + 1),
  };
}
