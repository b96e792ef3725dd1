import type { BenchRequest } from '../prompts.js';
import type { WorkItem } from './types.js';

/** What a target's `send` gets for one work item. */
export function benchRequest(
  item: WorkItem,
  at: { seq: number; stream: boolean; warmup: boolean },
): BenchRequest {
  return {
    messages: item.messages,
    stream: at.stream,
    promptIndex: item.promptIndex,
    seq: at.seq,
    warmup: at.warmup,
    ...(item.maxTokens !== undefined ? { maxTokens: item.maxTokens } : {}),
    ...(item.exactOutput && item.maxTokens !== undefined
      ? { minTokens: item.maxTokens, ignoreEos: true }
      : {}),
    ...(item.keepContent ? { keepContent: true } : {}),
  };
}
