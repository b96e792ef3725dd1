import type { Price } from '../config/types.js';
import { picoToUsd } from '../config/money.js';
import { chargesFor } from './pricing.js';
import type { Usage } from '../core/result.js';

/**
 * Exact cost of one usage block through the shared pricing rules (cached input at the
 * cached price, reasoning priced once as output). undefined when unpriced or no usage.
 */
export function usageCostUsd(
  usage: Usage | undefined,
  price: Price | undefined,
): number | undefined {
  if (!usage || !price) return undefined;
  const charges = chargesFor(price, {
    input: usage.prompt_tokens,
    cachedInput: usage.cached_tokens ?? 0,
    output: usage.completion_tokens,
    reasoning: usage.reasoning_tokens ?? 0,
  });
  return picoToUsd(charges.total);
}
