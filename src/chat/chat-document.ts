import type { Settings } from '../config/types.js';
import type { AttemptResult, ChainResult, Usage } from '../core/result.js';
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
    outcome: string;
    http_status: number | null;
    latency_ms: number;
    retry_after_ms: number | null;
    /** Malformed stream events skipped in this attempt (added to the SPEC's fields). */
    bad_chunks: number;
    /** `--hedge`: this attempt's part in a hedged pair. */
    hedge?: 'primary' | 'hedge';
    /** Cancelled at once because the other leg of the hedge produced the first token. */
    cancelled_by_hedge?: boolean;
    /** A hedge-cancelled attempt: the tokens the gateway reported billing (null: none reported) and their cost. */
    billed_usage?: {
      prompt_tokens: number;
      completion_tokens: number;
      total_tokens: number;
    } | null;
    billed_cost_usd?: number | null;
  }[];
  /** `--hedge` started a second model in parallel (SPEC §2). */
  hedged: boolean;
  /** What the cancelled hedge legs cost, as far as the gateway reported usage (0 when none did). */
  hedge_cost_usd?: number;
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
    attempts: result.attempts.map((a) => attemptEntry(a, settings)),
    hedged: result.hedged === true,
  };
  if (result.hedged) doc.hedge_cost_usd = hedgeCost(doc.attempts);
  if (timing.interrupted) doc.error = { class: 'cancelled', message: 'interrupted by the user' };
  else if (!result.ok && result.error)
    doc.error = { class: result.error.class, message: result.error.message };
  return doc;
}

type AttemptEntry = ChatDocument['attempts'][number];

function attemptEntry(a: AttemptResult, settings: Settings): AttemptEntry {
  const entry: AttemptEntry = {
    model: a.model,
    outcome: a.outcome,
    http_status: a.httpStatus ?? null,
    latency_ms: ms(a.end - a.start),
    retry_after_ms: a.retryAfterMs ?? null,
    bad_chunks: a.badChunks,
  };
  if (a.hedge) entry.hedge = a.hedge;
  if (a.hedgeCancelled) {
    entry.cancelled_by_hedge = true;
    const u = a.usage;
    entry.billed_usage = u
      ? {
          prompt_tokens: u.prompt_tokens,
          completion_tokens: u.completion_tokens,
          total_tokens: u.total_tokens,
        }
      : null;
    entry.billed_cost_usd = usageCostUsd(u, settings.models[a.model]?.price) ?? null;
  }
  return entry;
}

/** The cancelled legs' reported cost, exact to the micro-dollar. */
function hedgeCost(attempts: AttemptEntry[]): number {
  const total = attempts.reduce((sum, a) => sum + (a.billed_cost_usd ?? 0), 0);
  return Math.round(total * 1e6) / 1e6;
}
