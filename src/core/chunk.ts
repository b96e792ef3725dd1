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
      content?: string;
      reasoning?: string;
      finishReason?: string;
      usage?: Usage;
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
  const info: ChunkInfo & { kind: 'chunk' } = { kind: 'chunk' };
  const choices = o.choices;
  if (Array.isArray(choices) && choices.length > 0) {
    const choice = choices[0] as Record<string, unknown> | undefined;
    const delta = (choice?.delta ?? choice?.message) as Record<string, unknown> | undefined;
    if (delta) {
      if (typeof delta.content === 'string' && delta.content.length > 0)
        info.content = delta.content;
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning.length > 0) info.reasoning = reasoning;
    }
    if (typeof choice?.finish_reason === 'string' && choice.finish_reason.length > 0) {
      info.finishReason = choice.finish_reason;
    }
  }
  const usage = readUsage(o.usage);
  if (usage) info.usage = usage;
  return info;
}

/** Reads an OpenAI usage block, with cached and reasoning token details when present. */
export function readUsage(value: unknown): Usage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const u = value as Record<string, unknown>;
  const prompt = num(u.prompt_tokens);
  const completion = num(u.completion_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const usage: Usage = {
    prompt_tokens: prompt ?? 0,
    completion_tokens: completion ?? 0,
    total_tokens: num(u.total_tokens) ?? (prompt ?? 0) + (completion ?? 0),
  };
  const cached =
    num((u.prompt_tokens_details as Record<string, unknown> | undefined)?.cached_tokens) ??
    num(u.prompt_cache_hit_tokens);
  if (cached !== undefined) usage.cached_tokens = cached;
  const reasoning = num(
    (u.completion_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens,
  );
  if (reasoning !== undefined) usage.reasoning_tokens = reasoning;
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
