import type { BenchRequest } from '../prompts.js';
import type { WorkItem } from './types.js';

/** What a target's `send` gets for one work item (one shape for every request). */
export function benchRequest(
  item: WorkItem,
  seq: number,
  stream: boolean,
  warmup: boolean,
): BenchRequest {
  const exact = item.exactOutput === true && item.maxTokens !== undefined;
  return {
    messages: item.messages,
    stream,
    promptIndex: item.promptIndex,
    seq,
    warmup,
    maxTokens: item.maxTokens,
    minTokens: exact ? item.maxTokens : undefined,
    ignoreEos: exact ? true : undefined,
    keepContent: item.keepContent ? true : undefined,
  };
}
