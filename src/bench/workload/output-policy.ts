import { drawTokens, formatTokenSpec, itemRng, STREAM, type TokenSpec } from './token-spec.js';
import type { WorkItem, WorkloadInfo } from './types.js';

/** How long answers may be: `--output-tokens SPEC` (drawn per request) or `--max-tokens N`. */
export interface OutputPolicy {
  spec?: TokenSpec;
  /** Without a spec: every request's max_tokens (none sent when undefined). */
  maxTokens?: number;
  /** `--exact-output`: min_tokens = max_tokens and ignore_eos, for servers that honour them. */
  exact: boolean;
}

/** `max_tokens` (and `--exact-output`) of request `index` (and turn `sub`). */
export function outputFields(
  policy: OutputPolicy,
  seed: number,
  index: number,
  sub = 0,
): Pick<WorkItem, 'maxTokens' | 'exactOutput'> {
  const maxTokens = policy.spec
    ? drawTokens(policy.spec, itemRng(seed, STREAM.output, index, sub))
    : policy.maxTokens;
  if (maxTokens === undefined) return {};
  return policy.exact ? { maxTokens, exactOutput: true } : { maxTokens };
}

/** The output side of `load.workload`. */
export function outputInfo(p: OutputPolicy): Pick<WorkloadInfo, 'output_tokens' | 'max_tokens'> {
  if (p.spec) return { output_tokens: formatTokenSpec(p.spec) };
  return p.maxTokens !== undefined ? { max_tokens: p.maxTokens } : {};
}
