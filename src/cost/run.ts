import type { GlobalOptions } from '../cli/context.js';
import type { Io } from '../cli/io.js';
import { loadSettings } from '../config/load.js';
import type { Settings } from '../config/types.js';
import { formatUsd, picoToUsd, tryParseUsdPico } from '../config/money.js';
import { CheckFailedError, UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { parseCount, parseShare, parseTokenAmount } from './amounts.js';
import { buildEstimate } from './estimate.js';
import { finishReport } from './finish.js';
import { costJson, pricesJson } from './json.js';
import { parseMix } from './mix.js';
import { parsePeriod } from './period.js';
import { countPromptFile, TOKENIZER } from './prompt-estimate.js';
import { priceList, staleWarnings } from './price-table.js';
import { shareOf, type TokenVolume } from './pricing.js';
import { renderPrices, renderReport } from './render.js';
import type { CostReport } from './report.js';
import { buildUsageReport } from './usage-report.js';

/** The options `shepherd cost` declares (src/cli/commands/cost.ts), as commander parses them. */
export interface CostOptions {
  prices?: boolean;
  tokens?: string;
  inputShare?: string;
  input?: string;
  output?: string;
  cachedShare?: string;
  models?: string;
  mix?: string;
  baseline?: string;
  period?: string;
  requests?: string;
  promptFile?: string;
  maxTokens?: string;
  from?: string;
  budget?: string;
  json?: boolean;
}

export interface CostDeps {
  /** Settings to price with (tests); default: loadSettings (catalogue + config overrides). */
  settings?: Settings;
  /** "Today" for the staleness check (tests); default: now. */
  today?: Date;
}

/** Default share of a `--tokens` volume that is input (prompt) tokens. */
export const DEFAULT_INPUT_SHARE = '0.75';

export async function runCost(
  opts: CostOptions,
  globals: GlobalOptions,
  io: Io,
  deps: CostDeps = {},
): Promise<number> {
  const settings = deps.settings ?? loadSettings({ flags: globals, env: io.env, cwd: io.cwd });
  const today = deps.today ?? new Date();
  const warn = (m: string): void => void io.stderr.write(`warning: ${m}\n`);
  const note = (m: string): void => {
    if (!globals.quiet) io.stderr.write(`note: ${m}\n`);
  };

  if (opts.prices) {
    const extra = scenarioFlags(opts);
    if (extra.length > 0) {
      throw new UsageError(`--prices lists the price table; run it without ${extra.join(', ')}`);
    }
    const rows = priceList(settings);
    const warnings = staleWarnings(rows, today);
    warnings.forEach(warn);
    io.stdout.write(
      opts.json ? `${JSON.stringify(pricesJson(rows, warnings), null, 2)}\n` : renderPrices(rows),
    );
    return EXIT.ok;
  }

  const budgetPico = opts.budget === undefined ? undefined : parseBudget(opts.budget);
  const finish = {
    ...(opts.baseline !== undefined && { baseline: opts.baseline }),
    ...(budgetPico !== undefined && { budgetPico }),
  };
  let report: CostReport;
  if (opts.from !== undefined) {
    const extra = [
      ...scenarioFlags(opts).filter((f) => f !== '--from'),
      ...(['period', 'models', 'mix', 'cachedShare', 'inputShare'] as const)
        .filter((k) => opts[k] !== undefined)
        .map(flagName),
    ];
    if (extra.length > 0) {
      throw new UsageError(
        `--from prices the usage the file records; run it without ${extra.join(', ')}`,
      );
    }
    const { readUsageSource } = await import('./usage-source.js');
    const source = await readUsageSource(opts.from, settings.usageLedger, io.cwd);
    report = finishReport(buildUsageReport(settings, source), settings, finish);
  } else {
    report = finishReport(await buildScenario(opts, settings, io), settings, finish);
    const used = report.rows.flatMap((r) => {
      const row = priceList(settings).find((p) => p.model === r.model);
      return row ? [row] : [];
    });
    staleWarnings(used, today).forEach(note);
  }

  report.warnings.forEach(warn);
  report.notes.forEach(note);
  io.stdout.write(
    opts.json ? `${JSON.stringify(costJson(report), null, 2)}\n` : renderReport(report),
  );

  if (report.budget) {
    const per = report.period === 'total' ? '' : `/${report.period}`;
    const budget = `${formatUsd(picoToUsd(report.budget.pico))}${per}`;
    if (report.mode === 'compare') {
      const over = report.rows.filter((r) => r.overBudget).map((r) => r.model);
      if (over.length > 0)
        throw new CheckFailedError(`--budget: ${over.join(', ')} would cost more than ${budget}`);
    } else if (report.budget.over && report.total !== undefined) {
      throw new CheckFailedError(
        `--budget: the ${report.mode === 'usage' ? 'cost' : 'estimate'} of ${formatUsd(picoToUsd(report.total))}${per} is over the budget of ${budget}`,
      );
    }
  }
  return EXIT.ok;
}

const FLAG: Record<string, string> = {
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
};
const flagName = (key: string): string => FLAG[key] ?? key;

function scenarioFlags(opts: CostOptions): string[] {
  return (
    ['tokens', 'input', 'output', 'requests', 'promptFile', 'maxTokens', 'from', 'mix'] as const
  )
    .filter((k) => opts[k] !== undefined)
    .map(flagName);
}

function parseBudget(text: string): bigint {
  const pico = tryParseUsdPico(text);
  if (pico === undefined) {
    throw new UsageError(`--budget: '${text}' is not an amount in USD; use e.g. 50 or 12.50`);
  }
  return pico;
}

async function buildScenario(opts: CostOptions, settings: Settings, io: Io): Promise<CostReport> {
  const period = parsePeriod(opts.period ?? 'month');
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

  let input: number;
  let output: number;
  let estimate: CostReport['estimate'];
  if (opts.tokens !== undefined) {
    const total = parseTokenAmount(opts.tokens, '--tokens');
    input = shareOf(total, parseShare(opts.inputShare ?? DEFAULT_INPUT_SHARE, '--input-share'));
    output = total - input;
  } else if (opts.input !== undefined || opts.output !== undefined) {
    input = opts.input === undefined ? 0 : parseTokenAmount(opts.input, '--input');
    output = opts.output === undefined ? 0 : parseTokenAmount(opts.output, '--output');
  } else {
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
    const promptTokens = await countPromptFile(opts.promptFile, io.cwd);
    input = requests * promptTokens;
    output = requests * maxTokens;
    estimate = {
      method: `counted with the ${TOKENIZER} tokenizer; other models' tokenizers differ`,
      requests,
      promptTokensPerRequest: promptTokens,
      maxTokens,
    };
  }
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
