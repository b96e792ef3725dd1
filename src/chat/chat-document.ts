import type { Settings } from '../config/types.js';
import type { ChainResult, Usage } from '../core/result.js';
import { usageCostUsd } from '../cost/usage-cost.js';

/** `shepherd.chat/v1` (SPEC §5 chat). Fields are only ever added. */
export interface ChatDocument {
  schema: 'shepherd.chat/v1';
  model: string | null;
  content: string;
  finish_reason: string | null;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  cost_usd: number | null;
  /** From the start of the chat to the end of the answer (failed attempts and waits included). */
  latency_ms: number;
  /** From the start of the chat to the answer's first content token; null without one. */
  ttft_ms: number | null;
  fallback_used: boolean;
  attempts: {
    model: string;
    /** The id this attempt sent: the form the gateway lists (SPEC §1; added to the SPEC's fields). */
    sent_id: string;
    outcome: string;
    http_status: number | null;
    latency_ms: number;
    retry_after_ms: number | null;
    /** Malformed stream events skipped in this attempt (added to the SPEC's fields). */
    bad_chunks: number;
  }[];
  error?: { class: string; message: string };
}

const ms = (x: number): number => Math.round(x * 10) / 10;

export function chatDocument(
  result: ChainResult,
  settings: Settings,
  timing: { start: number; end: number; interrupted: boolean },
): ChatDocument {
  const final = result.final;
  const answered = result.ok && final !== undefined;
  const usage: Usage | undefined = answered ? final.usage : undefined;
  const price = answered ? settings.models[final.model]?.price : undefined;
  const doc: ChatDocument = {
    schema: 'shepherd.chat/v1',
    model: answered ? final.model : null,
    content: final?.content ?? '',
    finish_reason: answered ? (final.finishReason ?? null) : null,
    usage: usage
      ? {
          prompt_tokens: usage.prompt_tokens,
          completion_tokens: usage.completion_tokens,
          total_tokens: usage.total_tokens,
          ...(usage.cached_tokens !== undefined
            ? { prompt_tokens_details: { cached_tokens: usage.cached_tokens } }
            : {}),
          ...(usage.reasoning_tokens !== undefined
            ? { completion_tokens_details: { reasoning_tokens: usage.reasoning_tokens } }
            : {}),
        }
      : null,
    cost_usd: usageCostUsd(usage, price) ?? null,
    latency_ms: ms(timing.end - timing.start),
    ttft_ms:
      answered && final.firstToken !== undefined ? ms(final.firstToken - timing.start) : null,
    fallback_used: result.fallbackUsed,
    attempts: result.attempts.map((a) => ({
      model: a.model,
      sent_id: a.modelId,
      outcome: a.outcome,
      http_status: a.httpStatus ?? null,
      latency_ms: ms(a.end - a.start),
      retry_after_ms: a.retryAfterMs ?? null,
      bad_chunks: a.badChunks,
    })),
  };
  if (timing.interrupted) doc.error = { class: 'cancelled', message: 'interrupted by the user' };
  else if (!result.ok && result.error)
    doc.error = { class: result.error.class, message: result.error.message };
  return doc;
}
