import { loadTokenizer, type Tokenizer } from '../core/tokenizer.js';
import type { ModelState } from './model-table.js';
import { PrefixCache } from './prefix-cache.js';
import type { ModelProfile, SimProfile } from './profile-schema.js';

/** What reading a prompt costs: its tokens, how many came from the prefix cache, the time. */
export interface Prefill {
  promptTokens: number;
  cachedTokens: number;
  /** Added to the profile's TTFT: uncached tokens / prefillTokensPerSecond. */
  prefillMs: number;
}

/** Models whose profile needs exact token counts (so the simulator loads the o200k tokenizer). */
export function countsTokens(profile: ModelProfile): boolean {
  return profile.prefillTokensPerSecond !== undefined || profile.prefixCache === true;
}

/** Marks between messages in the cached sequence (never token ids, which are ≥ 0). */
const ROLE_MARK: Record<string, number> = { system: -1, developer: -2, user: -3, assistant: -4 };

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part as { text?: unknown } | null)?.text)
    .filter((t): t is string => typeof t === 'string')
    .join('');
}

/**
 * Counts the prompt under o200k (the content of every message, no chat template, so it equals
 * what shepherd bench counts when it builds the prompt) and, with `prefixCache`, looks its
 * token sequence up in the model's cache. At least the last token is always computed.
 */
export function prefill(
  messages: readonly unknown[],
  profile: ModelProfile,
  tok: Tokenizer,
  cache: () => PrefixCache,
): Prefill {
  const seq: number[] = [];
  let promptTokens = 0;
  for (const m of messages) {
    const msg = (m ?? {}) as { role?: unknown; content?: unknown };
    const ids = tok.encode(contentText(msg.content));
    promptTokens += ids.length;
    seq.push(ROLE_MARK[String(msg.role)] ?? -5);
    for (const id of ids) seq.push(id);
  }
  let cachedTokens = 0;
  if (profile.prefixCache === true) {
    const hit = cache().lookupAndStore(seq);
    for (let i = 0; i < hit; i++) if ((seq[i] as number) >= 0) cachedTokens++;
    cachedTokens = Math.max(0, Math.min(cachedTokens, promptTokens - 1));
  }
  const pps = profile.prefillTokensPerSecond;
  const prefillMs = pps ? ((promptTokens - cachedTokens) / pps) * 1000 : 0;
  return { promptTokens, cachedTokens, prefillMs };
}

/** Token-accurate models count prompts under o200k: load it at start, not on the first request. */
export async function preloadTokenizer(profile: SimProfile): Promise<void> {
  const models = Object.values(profile.models).concat(profile['*'] ?? []);
  if (models.some(countsTokens)) await loadTokenizer();
}

/** The prompt read by a token-accurate model (undefined for the others: they estimate). */
export async function readPrompt(
  messages: readonly unknown[],
  state: ModelState,
): Promise<Prefill | undefined> {
  if (!countsTokens(state.profile)) return undefined;
  const tok = await loadTokenizer();
  return prefill(messages, state.profile, tok, () => (state.cache ??= new PrefixCache()));
}
