import type { Usage } from './result.js';

/**
 * Interprets one SSE `data:` payload of an OpenAI-compatible chat stream. Only choice 0 is
 * read. `reasoning_content` (DeepSeek, vLLM) and `reasoning` (OpenRouter) deltas are kept
 * apart from content. An `error` object is an in-band error.
 */
export type ChunkInfo =
  | { kind: 'done' }
  | { kind: 'malformed' }
  | { kind: 'error'; error: InBandError }
  | {
      kind: 'chunk';
      content?: string | undefined;
      reasoning?: string | undefined;
      finishReason?: string | undefined;
      usage?: Usage | undefined;
    };

export interface InBandError {
  message: string;
  type?: string;
  code?: string | number;
  status?: number;
}

export function interpretData(data: string): ChunkInfo {
  if (data === '[DONE]') return { kind: 'done' };
  let obj: unknown;
  try {
    obj = JSON.parse(data);
  } catch {
    return { kind: 'malformed' };
  }
  if (typeof obj !== 'object' || obj === null) return { kind: 'malformed' };
  const o = obj as Record<string, unknown>;
  if (o.error !== undefined && o.error !== null)
    return { kind: 'error', error: readError(o.error) };
  // One literal in one shape per event (a stream has one per token): absent fields are undefined.
  let content: string | undefined;
  let reasoning: string | undefined;
  let finishReason: string | undefined;
  const choices = o.choices;
  if (Array.isArray(choices) && choices.length > 0) {
    const choice = choices[0] as Record<string, unknown> | undefined;
    const delta = (choice?.delta ?? choice?.message) as Record<string, unknown> | undefined;
    if (delta) {
      if (typeof delta.content === 'string' && delta.content.length > 0) content = delta.content;
      const r = delta.reasoning_content ?? delta.reasoning;
      if (typeof r === 'string' && r.length > 0) reasoning = r;
    }
    const fr = choice?.finish_reason;
    if (typeof fr === 'string' && fr.length > 0) finishReason = fr;
  }
  const usage = o.usage === undefined || o.usage === null ? undefined : readUsage(o.usage);
  return { kind: 'chunk', content, reasoning, finishReason, usage };
}

/**
 * The most tokens one call can report: far above any context window (a few million), far
 * below where a price times it stops being exact. Anything larger is a gateway's bug.
 */
export const MAX_USAGE_TOKENS = 1_000_000_000;

/** A token count a gateway may report: a whole number from 0 to MAX_USAGE_TOKENS. */
export function isTokenCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_USAGE_TOKENS;
}

/**
 * Reads an OpenAI usage block, with cached and reasoning token details when present. Counts
 * are checked: a prompt or completion count that is not a whole number from 0 to
 * MAX_USAGE_TOKENS (negative, fractional, 1e300, a string) makes the whole block unknown, as if
 * none was sent, so it is never priced; a bad total is recomputed, and a bad cached or
 * reasoning count (or one larger than the count it is part of) is left out.
 */
export function readUsage(value: unknown): Usage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const u = value as Record<string, unknown>;
  if (u.prompt_tokens === undefined && u.completion_tokens === undefined) return undefined;
  const prompt = u.prompt_tokens ?? 0;
  const completion = u.completion_tokens ?? 0;
  if (!isTokenCount(prompt) || !isTokenCount(completion)) return undefined;
  const usage: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: isTokenCount(u.total_tokens) ? u.total_tokens : prompt + completion,
  };
  const cached =
    (u.prompt_tokens_details as Record<string, unknown> | undefined)?.cached_tokens ??
    u.prompt_cache_hit_tokens;
  if (isTokenCount(cached) && cached <= prompt) usage.cached_tokens = cached;
  const reasoning = (u.completion_tokens_details as Record<string, unknown> | undefined)
    ?.reasoning_tokens;
  if (isTokenCount(reasoning) && reasoning <= completion) usage.reasoning_tokens = reasoning;
  return usage;
}

export function readError(value: unknown): InBandError {
  if (typeof value === 'string') return { message: value };
  const e = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const out: InBandError = {
    message: typeof e.message === 'string' ? e.message : JSON.stringify(value),
  };
  if (typeof e.type === 'string') out.type = e.type;
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  const status = num(e.status) ?? (typeof e.code === 'number' ? e.code : undefined);
  if (status !== undefined) out.status = status;
  return out;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
