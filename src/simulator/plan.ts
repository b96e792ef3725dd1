import { sample } from './distribution.js';
import type { ModelProfile } from './profile-schema.js';
import type { FaultPick } from './model-table.js';
import type { Rng } from '../core/rng.js';
import { makeTokens } from './words.js';

/** Everything one chat request will do, decided up front from its own seeded generator. */
export interface Plan {
  id: string;
  created: number;
  /** The `model` field of the response. */
  model: string;
  promptTokens: number;
  cachedTokens: number;
  reasoning: string[];
  /** Whether the profile has reasoning at all (decides the delta shape). */
  reasoningModel: boolean;
  content: string[];
  finishReason: 'stop' | 'length';
  ttftMs: number;
  /** Draws the gap before the next delta. */
  itl: () => number;
  fault: FaultPick;
}

/** Default output length when a profile gives none. */
export const DEFAULT_OUTPUT_TOKENS = 16;

export function makePlan(args: {
  index: number;
  profile: ModelProfile;
  responseModel: string;
  promptTokens: number;
  cachedTokens?: number;
  /** Added to the drawn TTFT (prompt reading time). */
  prefillMs?: number;
  maxTokens: number | undefined;
  /** `min_tokens`: answer at least this many tokens (reasoning included). */
  minTokens?: number | undefined;
  /** `ignore_eos`: answer exactly max_tokens when it is given. */
  ignoreEos?: boolean;
  fault: FaultPick;
  rng: Rng;
}): Plan {
  const { profile, rng } = args;
  const ttftMs =
    (profile.ttftMs === undefined ? 0 : sample(profile.ttftMs, rng)) + (args.prefillMs ?? 0);
  let content = Math.max(1, Math.round(sample(profile.outputTokens ?? DEFAULT_OUTPUT_TOKENS, rng)));
  let reasoning =
    profile.reasoningTokens === undefined
      ? 0
      : Math.max(0, Math.round(sample(profile.reasoningTokens, rng)));
  let finishReason: Plan['finishReason'] = 'stop';
  if (args.ignoreEos && args.maxTokens !== undefined) {
    content = Math.max(1, args.maxTokens - reasoning);
  } else if (args.minTokens !== undefined && reasoning + content < args.minTokens) {
    content = args.minTokens - reasoning;
  }
  if (args.maxTokens !== undefined && reasoning + content >= args.maxTokens && args.ignoreEos) {
    finishReason = 'length';
  }
  if (args.maxTokens !== undefined && reasoning + content > args.maxTokens) {
    reasoning = Math.min(reasoning, args.maxTokens);
    content = args.maxTokens - reasoning;
    finishReason = 'length';
  }
  const itlDist = profile.itlMs;
  return {
    id: `chatcmpl-sim${args.index.toString(36)}${Math.floor(rng() * 0xffffff).toString(36)}`,
    created: Math.floor(Date.now() / 1000),
    model: args.responseModel,
    promptTokens: args.promptTokens,
    cachedTokens: args.cachedTokens ?? 0,
    reasoning: reasoning > 0 ? makeTokens(rng, reasoning, true) : [],
    reasoningModel: profile.reasoningTokens !== undefined,
    content: makeTokens(rng, content),
    finishReason,
    ttftMs,
    itl: itlDist === undefined ? () => 0 : () => sample(itlDist, rng),
    fault: args.fault,
  };
}

/** ceil(characters of every text part of every message / 4). */
export function estimatePromptTokens(messages: readonly unknown[]): number {
  let chars = 0;
  for (const m of messages) {
    if (!m || typeof m !== 'object') continue;
    const content = (m as { content?: unknown }).content;
    if (typeof content === 'string') chars += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        const text = (part as { text?: unknown } | null)?.text;
        if (typeof text === 'string') chars += text.length;
      }
    }
  }
  return Math.ceil(chars / 4);
}
