import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { loadSettings } from '../../config/load.js';
import type { Settings } from '../../config/types.js';
import { formatUsd, picoToUsd, tryParseUsdPico } from '../../config/money.js';
import { CheckFailedError, UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { finishReport } from '../../cost/finish.js';
import { costJson, pricesJson } from '../../cost/json.js';
import { flagsSet, scenarioFlags, type CostOptions } from './options.js';
import { nonBlank } from '../../config/flag-values.js';
import { priceList, priceOf, staleWarnings } from '../../cost/price-table.js';
import type { CostReport } from '../../cost/report.js';
import { buildScenario } from '../../cost/scenario.js';
import { buildUsageReport } from '../../cost/usage-report.js';
import { renderPrices, renderReport } from '../../ui/cost-report.js';
import { looksFor } from '../looks.js';

export interface CostDeps {
  /** Settings to price with (tests); default: loadSettings (catalogue + config overrides). */
  settings?: Settings;
  /** "Today" for the staleness check (tests); default: now. */
  today?: Date;
}

export async function runCost(
  opts: CostOptions,
  globals: GlobalOptions,
  io: Io,
  deps: CostDeps = {},
): Promise<number> {
  let settings = deps.settings ?? loadSettings({ flags: globals, env: io.env, cwd: io.cwd });
  if (globals.simulate) {
    // cost calls no gateway; --simulate only means the simulated usage ledger (`-simulate`).
    const { pointAtSimulator } = await import('../runtime.js');
    settings = pointAtSimulator(settings, 'http://simulator.invalid/v1');
  }
  const today = deps.today ?? new Date();
  const warn = (m: string): void => void io.stderr.write(`warning: ${m}\n`);
  const note = (m: string): void => {
    if (!globals.quiet) io.stderr.write(`note: ${m}\n`);
  };

  if (opts.prices) return listPrices(opts, settings, today, io, warn, globals);
  const report = await buildReport(opts, settings, today, io, note);
  report.warnings.forEach(warn);
  report.notes.forEach(note);
  io.stdout.write(
    opts.json
      ? `${JSON.stringify(costJson(report), null, 2)}\n`
      : renderReport(report, looksFor(io, globals)),
  );
  checkBudget(report);
  return EXIT.ok;
}

/** `--prices`: the price table (or the --models rows), with stale-price warnings. */
function listPrices(
  opts: CostOptions,
  settings: Settings,
  today: Date,
  io: Io,
  warn: (m: string) => void,
  globals: GlobalOptions,
): number {
  const extra = [
    ...scenarioFlags(opts),
    ...flagsSet(opts, ['period', 'baseline', 'budget', 'cachedShare', 'inputShare']),
  ];
  if (extra.length > 0) {
    throw new UsageError(`--prices lists the price table; run it without ${extra.join(', ')}`);
  }
  const rows = pricesFor(settings, opts.models);
  const warnings = staleWarnings(rows, today);
  warnings.forEach(warn);
  io.stdout.write(
    opts.json
      ? `${JSON.stringify(pricesJson(rows, warnings), null, 2)}\n`
      : renderPrices(rows, looksFor(io, globals)),
  );
  return EXIT.ok;
}

/** The report of recorded usage (`--from`) or of a what-if scenario, with baseline and budget. */
async function buildReport(
  opts: CostOptions,
  settings: Settings,
  today: Date,
  io: Io,
  note: (m: string) => void,
): Promise<CostReport> {
  const budgetPico = opts.budget === undefined ? undefined : parseBudget(opts.budget);
  if (opts.baseline !== undefined) {
    nonBlank(opts.baseline, '--baseline', 'a priced model, e.g. --baseline gpt-4.1');
  }
  const finish = {
    ...(opts.baseline !== undefined && { baseline: opts.baseline }),
    ...(budgetPico !== undefined && { budgetPico }),
  };
  if (opts.from !== undefined) {
    const extra = [
      ...scenarioFlags(opts).filter((f) => f !== '--from'),
      ...flagsSet(opts, ['period', 'models', 'cachedShare', 'inputShare']),
    ];
    if (extra.length > 0) {
      throw new UsageError(
        `--from prices the usage the file records; run it without ${extra.join(', ')}`,
      );
    }
    const { readUsageSource } = await import('../../cost/usage-source.js');
    const source = await readUsageSource(opts.from, settings.usageLedger, io.cwd);
    return finishReport(buildUsageReport(settings, source), settings, finish);
  }
  const report = finishReport(await buildScenario(opts, settings, io.cwd), settings, finish);
  const used = new Set(report.rows.map((r) => r.model));
  staleWarnings(
    priceList(settings).filter((p) => used.has(p.model)),
    today,
  ).forEach(note);
  return report;
}

/** `--budget`: exit 1 (after the report is printed) when a model or the total is over it. */
function checkBudget(report: CostReport): void {
  if (!report.budget) return;
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

function parseBudget(text: string): bigint {
  const pico = tryParseUsdPico(text);
  if (pico === undefined) {
    throw new UsageError(`--budget: '${text}' is not an amount in USD; use e.g. 50 or 12.50`);
  }
  return pico;
}

/** The price table, or only the models `--models` names (resolved like everywhere else). */
function pricesFor(settings: Settings, models: string | undefined) {
  const rows = priceList(settings);
  if (models === undefined) return rows;
  return models
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean)
    .map((m) => {
      const name = priceOf(settings, m).name;
      return rows.find((r) => r.model === name) ?? { model: name };
    });
}
