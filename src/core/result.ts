import type { ErrorClass } from './errors.js';

/**
 * A request's result is plain data with monotonic timestamps (ms, from Clock.now()).
 * Statistics are computed from these records, so tests can build synthetic ones.
 */

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** prompt_tokens_details.cached_tokens, when the server reports it. */
  cached_tokens?: number;
  /** completion_tokens_details.reasoning_tokens (already included in completion_tokens). */
  reasoning_tokens?: number;
}

/** `ok`, one SPEC §2 class, or `cancelled` (aborted by the user or the end of a bench run). */
export type Outcome = 'ok' | ErrorClass | 'cancelled';

export interface AttemptResult {
  /** Configured model name (after alias resolution), e.g. `gpt-4.1`. */
  model: string;
  /** The id sent to the gateway, e.g. `openai/gpt-4.1`. */
  modelId: string;
  gateway: string;
  baseUrl: string;
  stream: boolean;
  /** Index into the gateway's key pool, when keys rotate (never the key itself). */
  keyIndex?: number | undefined;
  /** Wall-clock start, epoch ms (for ledgers and reports only, never for latency). */
  startedAtWall: number;
  /** Open loop: when the scheduler intended to send it. Latency/TTFT count from here when set. */
  intendedStart?: number | undefined;
  /** Dispatch time. */
  start: number;
  /** Response headers received. */
  firstByte?: number | undefined;
  /** First chunk carrying a non-empty reasoning or content delta (TTFO). */
  firstOutput?: number | undefined;
  /** First chunk carrying non-empty `delta.content` (TTFT); role-only chunks do not count. */
  firstToken?: number | undefined;
  /** Last byte of the response (or the failure). */
  end: number;
  /** Arrival time of every content chunk, in order (ITL = successive gaps after the first). */
  contentTimes: number[];
  httpStatus?: number | undefined;
  outcome: Outcome;
  /** One line, key-free: what went wrong (provider's reason for refusals). */
  message?: string | undefined;
  /** Retry-After the server sent, in ms. */
  retryAfterMs?: number | undefined;
  usage?: Usage | undefined;
  /** Where output token counts come from: `usage` block, or counted content chunks. */
  tokensSource?: 'usage' | 'chunks' | undefined;
  contentChunks: number;
  reasoningChunks: number;
  /** Malformed SSE events skipped. */
  badChunks: number;
  content: string;
  reasoning: string;
  finishReason?: string | undefined;
  /** Characters of content handed to the consumer's onToken before the attempt ended. */
  delivered: number;
  /** In a hedged pair (`--hedge`): the model tried first, or the one started beside it. */
  hedge?: 'primary' | 'hedge';
  /** Cancelled because the other leg of a hedge produced the first token. */
  hedgeCancelled?: boolean;
  /** A bench record of a whole chain (`bench --route`): how the chain got its answer. */
  chain?: ChainFacts;
}

/** What one run of the fallback chain cost, for `bench --route` under faults. */
export interface ChainFacts {
  /** The chain's first model (an answer from any other is fallback-served). */
  primary: string;
  /** HTTP attempts sent, hedge legs and retries included. */
  attempts: number;
  /** Time spent waiting on Retry-After and backoff before same-model retries. */
  waitedMs: number;
  /** A hedge started a second model in parallel. */
  hedged: boolean;
  /** The answer came from the hedge leg. */
  hedgeWon: boolean;
  /** Usage the gateway reported for legs cancelled by a hedge (tokens billed for nothing). */
  hedgeCancelledUsage?: Usage;
  /** Their cost in USD at the models' prices (0 when none reported usage). */
  hedgeCancelledUsd: number;
  /** Some of that usage came from a model without a price (the cost is then incomplete). */
  hedgeCancelledUnpriced?: boolean;
}

/** The identity and timing every record needs; the rest starts empty. */
export type AttemptBasics = Pick<
  AttemptResult,
  | 'model'
  | 'modelId'
  | 'gateway'
  | 'baseUrl'
  | 'stream'
  | 'startedAtWall'
  | 'start'
  | 'end'
  | 'outcome'
> &
  Partial<AttemptResult>;

/**
 * A record of an attempt about to be sent, in the one shape every record has (a bench makes
 * one per request: one literal, no spread).
 */
export function newAttempt(
  to: Pick<AttemptResult, 'model' | 'modelId' | 'gateway' | 'baseUrl' | 'stream'>,
  startedAtWall: number,
  start: number,
): AttemptResult {
  return {
    model: to.model,
    modelId: to.modelId,
    gateway: to.gateway,
    baseUrl: to.baseUrl,
    stream: to.stream,
    startedAtWall,
    start,
    end: 0,
    outcome: 'ok',
    contentTimes: [],
    contentChunks: 0,
    reasoningChunks: 0,
    badChunks: 0,
    content: '',
    reasoning: '',
    delivered: 0,
    // Declared now, filled in as the answer arrives: one object shape from the start, so
    // filling them in costs no shape change or property-store growth per request.
    keyIndex: undefined,
    intendedStart: undefined,
    firstByte: undefined,
    firstOutput: undefined,
    firstToken: undefined,
    httpStatus: undefined,
    message: undefined,
    retryAfterMs: undefined,
    usage: undefined,
    tokensSource: undefined,
    finishReason: undefined,
  };
}

/** A record with nothing received yet: no chunks, no text, no timestamps past `end`. */
export function blankAttempt(basics: AttemptBasics): AttemptResult {
  return Object.assign(newAttempt(basics, basics.startedAtWall, basics.start), basics);
}

/** Output tokens of an attempt: usage when present, else counted content chunks. */
export function outputTokens(a: AttemptResult): number {
  return a.usage ? a.usage.completion_tokens : a.contentChunks;
}

export interface ChainResult {
  ok: boolean;
  /** The attempt that answered (ok) or the last one tried. */
  final?: AttemptResult;
  attempts: AttemptResult[];
  /** Set when !ok: the decisive class and a one-line message. */
  error?: { class: ErrorClass; message: string };
  /** Every failure class seen, in order (exit 3 vs 4 vs 5). */
  classes: ErrorClass[];
  fallbackUsed: boolean;
  /** The user cancelled (Ctrl-C) while the chain ran. */
  cancelled?: boolean;
  /** Models passed over without an attempt, and why. */
  skipped: { model: string; reason: string }[];
  /** A hedge (`--hedge`) started a second model in parallel during this chain. */
  hedged?: boolean;
  /** Time spent waiting on Retry-After and backoff (ms). */
  waitedMs?: number;
}
