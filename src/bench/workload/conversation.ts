import type { AttemptResult } from '../../core/result.js';
import type { BenchMessage } from '../prompts.js';
import type { Conversation, WorkItem } from './types.js';

export interface ConversationHooks {
  /** Sends one turn; undefined when the run has no request left to send (the conversation stops). */
  send(item: WorkItem): Promise<AttemptResult> | undefined;
  /** The pause between turns; false when the run is stopping. */
  think(): Promise<boolean>;
  /** o200k tokens of an answer added to the history, when counted. */
  count?(text: string): number;
}

/**
 * Plays one conversation: turn t sends the opening messages, every earlier user message and
 * the target's own earlier answers, then the new user message. A turn that fails ends the
 * conversation (there is no answer to carry into the next turn).
 */
export async function playConversation(
  conv: Conversation,
  hooks: ConversationHooks,
): Promise<number> {
  const history: BenchMessage[] = [...conv.opening];
  let tokens: number | undefined = sumTokens(conv.opening, hooks.count);
  let sent = 0;
  for (let t = 0; t < conv.turns; t++) {
    if (t > 0 && !(await hooks.think())) break;
    const user = conv.user(t);
    history.push({ role: 'user', content: user.content });
    tokens = tokens !== undefined && user.tokens !== undefined ? tokens + user.tokens : undefined;
    const pending = hooks.send({
      messages: [...history],
      promptIndex: t,
      turn: t + 1,
      keepContent: t + 1 < conv.turns,
      ...(tokens !== undefined ? { inputTokens: tokens } : {}),
      ...conv.output(t),
    });
    if (!pending) break;
    sent++;
    const r = await pending;
    if (r.outcome !== 'ok') break;
    history.push({ role: 'assistant', content: r.content });
    if (tokens !== undefined) tokens = hooks.count ? tokens + hooks.count(r.content) : undefined;
  }
  return sent;
}

function sumTokens(
  messages: readonly BenchMessage[],
  count?: (t: string) => number,
): number | undefined {
  if (messages.length === 0) return 0;
  return count ? messages.reduce((n, m) => n + count(m.content), 0) : undefined;
}
