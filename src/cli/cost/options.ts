import type { ScenarioFlags } from '../../cost/scenario.js';

/** The options `shepherd cost` declares (command.ts), as commander parses them. */
export interface CostOptions extends ScenarioFlags {
  prices?: boolean;
  baseline?: string;
  from?: string;
  budget?: string;
  json?: boolean;
}

/** Option keys as written on the command line, for messages. */
const FLAG: Partial<Record<keyof CostOptions, string>> = {
  tokens: '--tokens',
  input: '--input',
  output: '--output',
  requests: '--requests',
  promptFile: '--prompt-file',
  maxTokens: '--max-tokens',
  from: '--from',
  period: '--period',
  models: '--models',
  mix: '--mix',
  cachedShare: '--cached-share',
  inputShare: '--input-share',
  baseline: '--baseline',
  budget: '--budget',
};
const flagName = (key: keyof CostOptions): string => FLAG[key] ?? `--${key}`;

/** The flags among `keys` that `opts` sets, as written on the command line. */
export function flagsSet(opts: CostOptions, keys: readonly (keyof CostOptions)[]): string[] {
  return keys.filter((k) => opts[k] !== undefined).map(flagName);
}

/** The volume and source flags `opts` sets. */
export function scenarioFlags(opts: CostOptions): string[] {
  return flagsSet(opts, [
    'tokens',
    'input',
    'output',
    'requests',
    'promptFile',
    'maxTokens',
    'from',
    'mix',
  ]);
}
