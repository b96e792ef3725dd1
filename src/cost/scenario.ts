import type { Settings } from '../config/types.js';
import { UsageError } from '../core/errors.js';
import { parseCount, parseShare, parseTokenAmount } from './amounts.js';
import { buildEstimate } from './estimate.js';
import { parseMix } from './mix.js';
import { parsePeriod } from './period.js';
import { countPromptFile, TOKENIZER } from './prompt-estimate.js';
import { shareOf, type TokenVolume } from './pricing.js';
import type { CostReport } from './report.js';

/** From the what-if flags (`--tokens`, `--input/--output`, `--requests` + `--prompt-file`) to a report. */

/** Default share of a `--tokens` volume that is input (prompt) tokens. */
export const DEFAULT_INPUT_SHARE = '0.75';

/** The what-if flags as given on the command line (each undefined when not given). */
export interface ScenarioFlags {
  tokens?: string;
  inputShare?: string;
  input?: string;
  output?: string;
  cachedShare?: string;
  models?: string;
  mix?: string;
  period?: string;
  requests?: string;
  promptFile?: string;
  maxTokens?: string;
}

export async function buildScenario(
  opts: ScenarioFlags,
  settings: Settings,
  cwd: string,
): Promise<CostReport> {
  const period = parsePeriod(opts.period ?? 'month');
  checkVolumeFlags(opts);
  const { input, output, estimate } = await volumeOf(opts, period, cwd);
  const cachedInput =
    opts.cachedShare === undefined
      ? 0
      : shareOf(input, parseShare(opts.cachedShare, '--cached-share'));
  const volume: TokenVolume = { input, cachedInput, output, reasoning: 0 };

  const mix = opts.mix === undefined ? undefined : parseMix(opts.mix);
  const models = opts.models !== undefined ? splitList(opts.models) : defaultModels(settings);
  const report = buildEstimate(settings, {
    volume,
    period,
    models,
    ...(mix && { mix }),
    ...(estimate && { estimate }),
  });
  if (estimate) {
    report.notes.push(
      `estimate: prompt tokens ${estimate.method}, and every answer is assumed to use all ${estimate.maxTokens} --max-tokens (an upper bound)`,
    );
  }
  return report;
}

/** Exactly one way of giving the volume, and no flags that do not go with it. */
function checkVolumeFlags(opts: ScenarioFlags): void {
  const kinds = [
    opts.tokens !== undefined && '--tokens',
    (opts.input !== undefined || opts.output !== undefined) && '--input/--output',
    (opts.requests !== undefined ||
      opts.promptFile !== undefined ||
      opts.maxTokens !== undefined) &&
      '--requests/--prompt-file/--max-tokens',
  ].filter((k): k is string => typeof k === 'string');
  if (kinds.length === 0) {
    throw new UsageError(
      'say what to price: --tokens N, --input N --output N, --requests N --prompt-file F --max-tokens M, --from FILE|usage, or --prices',
    );
  }
  if (kinds.length > 1) throw new UsageError(`give one volume, not ${kinds.join(' and ')}`);
  if (opts.inputShare !== undefined && opts.tokens === undefined) {
    throw new UsageError('--input-share splits --tokens; use it with --tokens N');
  }
  if (opts.models !== undefined && opts.mix !== undefined) {
    throw new UsageError(
      '--models compares models side by side and --mix splits the volume over them; use one',
    );
  }
}

interface Volume {
  input: number;
  output: number;
  estimate?: CostReport['estimate'];
}

/** Input and output tokens from --tokens, --input/--output, or requests × a counted prompt. */
async function volumeOf(opts: ScenarioFlags, period: string, cwd: string): Promise<Volume> {
  if (opts.tokens !== undefined) {
    const total = parseTokenAmount(opts.tokens, '--tokens');
    const input = shareOf(
      total,
      parseShare(opts.inputShare ?? DEFAULT_INPUT_SHARE, '--input-share'),
    );
    return { input, output: total - input };
  }
  if (opts.input !== undefined || opts.output !== undefined) {
    return {
      input: opts.input === undefined ? 0 : parseTokenAmount(opts.input, '--input'),
      output: opts.output === undefined ? 0 : parseTokenAmount(opts.output, '--output'),
    };
  }
  return requestVolume(opts, period, cwd);
}

async function requestVolume(opts: ScenarioFlags, period: string, cwd: string): Promise<Volume> {
  if (opts.requests === undefined)
    throw new UsageError(
      `--prompt-file and --max-tokens need --requests N (requests per ${period})`,
    );
  if (opts.promptFile === undefined)
    throw new UsageError(
      '--requests needs --prompt-file FILE (a real prompt to count) and --max-tokens M',
    );
  if (opts.maxTokens === undefined)
    throw new UsageError('--requests needs --max-tokens M (the most output tokens per request)');
  const requests = parseCount(opts.requests, '--requests');
  const maxTokens = parseCount(opts.maxTokens, '--max-tokens');
  const promptTokens = await countPromptFile(opts.promptFile, cwd);
  const input = requests * promptTokens;
  const output = requests * maxTokens;
  if (!Number.isSafeInteger(input) || !Number.isSafeInteger(output)) {
    // Token counts stay exact integers (below 2^53); beyond that the estimate would not be.
    throw new UsageError(
      `--requests ${opts.requests}: the volume is over ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')} tokens; use fewer requests or --max-tokens`,
    );
  }
  const estimate = {
    method: `counted with the ${TOKENIZER} tokenizer; other models' tokenizers differ`,
    requests,
    promptTokensPerRequest: promptTokens,
    maxTokens,
  };
  return { input, output, estimate };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function defaultModels(settings: Settings): string[] {
  const route = settings.routes.default;
  if (!route || route.length === 0) {
    throw new UsageError(
      'no models to price: give --models a,b or --mix, or configure routes.default',
    );
  }
  return route;
}
