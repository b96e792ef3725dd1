import { Option, type Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';
import { modelsOf } from '../model-flag.js';
import type { CostOptions } from './options.js';

/** `shepherd cost`: options only; the implementation is imported when the command runs. */
export function registerCost(program: Command, ctx: ProgramContext): Command {
  return program
    .command('cost')
    .description('estimate and price token spend from the price table (USD per 1M tokens)')
    .option('--prices', 'list the price table: input, cached input, output, context, source, as-of')
    .option('--tokens <n>', 'token volume per period, e.g. 10M, 2.5k, 1B, 1,000,000')
    .option('--input-share <share>', 'share of --tokens that is input (0.75 or 75%; default 0.75)')
    .option('--input <n>', 'input (prompt) tokens per period')
    .option('--output <n>', 'output (completion) tokens per period')
    .option(
      '--cached-share <share>',
      'share of input tokens served from the prompt cache (default 0)',
    )
    .option(
      '-m, --models <list>',
      'models side by side, comma-separated (default: the default route)',
    )
    .addOption(new Option('--model <list>', 'same as --models').hideHelp())
    .option(
      '--mix <spec>',
      'a routed mix, e.g. gpt-4.1=20%,deepseek-v3.2=80% (shares add up to 100%)',
    )
    .option('--baseline <model>', 'add savings in USD and % vs this model')
    .option('--period <period>', 'the period the volume is per: day, month or year (default month)')
    .option('--requests <n>', 'requests per period, with --prompt-file and --max-tokens')
    .option('--prompt-file <file>', 'a real prompt whose tokens are counted (an estimate)')
    .option('--max-tokens <n>', 'the most output tokens per request')
    .option(
      '--from <file>',
      'price real usage: a bench result, a chat --json document, or "usage" (the ledger)',
    )
    .option('--budget <usd>', 'exit 1 when the estimate is over this many USD per period')
    .option('--json', 'print one shepherd.cost/v1 JSON document')
    .action(
      action(ctx, async (opts: CostOptions & { model?: string }, cmd: Command) => {
        const { runCost } = await import('./run-cost.js');
        const models = modelsOf(opts);
        const { model: _alias, ...rest } = opts;
        return runCost(
          { ...rest, ...(models !== undefined && { models }) },
          globalsOf(cmd),
          ctx.io,
        );
      }),
    );
}
