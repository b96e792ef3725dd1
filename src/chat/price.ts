import type { Price } from '../config/types.js';
import { costPico, picoToUsd } from '../config/money.js';
import type { Usage } from '../core/result.js';

/**
 * Exact cost of one usage block: uncached input at the input price, cached input at the
 * cached price (input price when the model has none), output (reasoning included, once)
 * at the output price. undefined when the model is unpriced or there is no usage.
 */
export function usageCostUsd(
  usage: Usage | undefined,
  price: Price | undefined,
): number | undefined {
  if (!usage || !price) return undefined;
  const cached = Math.min(usage.cached_tokens ?? 0, usage.prompt_tokens);
  const pico =
    costPico(price.input, usage.prompt_tokens - cached) +
    costPico(price.cachedInput ?? price.input, cached) +
    costPico(price.output, usage.completion_tokens);
  return picoToUsd(pico);
}
