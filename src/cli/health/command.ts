import { Option, type Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';
import { modelsOf } from '../model-flag.js';
import type { HealthOptions } from './options.js';

export function registerHealth(program: Command, ctx: ProgramContext): Command {
  return program
    .command('health')
    .description(
      'probe models (default: every model in the configured routes) and report up/degraded/down',
    )
    .argument('[models...]', 'models to probe (names, aliases or ids; commas work too)')
    .option('-m, --models <a,b,c>', 'models to probe, as the arguments (both may be given)')
    .addOption(new Option('--model <a,b,c>', 'same as --models').hideHelp())
    .addOption(
      new Option(
        '--probe <kind>',
        'what to ask: a 1-token completion (billed), GET /models, or GET /health',
      )
        .choices(['completion', 'models', 'endpoint'])
        .default('completion'),
    )
    .option('--max-latency <dur>', 'slower than this is degraded (default: health.maxLatency, 2s)')
    .option('--timeout <dur>', 'bound on each probe (default: timeouts.attempt)')
    .option('--require <all|any|N>', 'how many models must answer for exit 0', 'all')
    .option(
      '--json',
      'print one shepherd.health/v1 JSON document (with --watch: one JSON object per line)',
    )
    .option('--watch', 'keep probing in rounds; print status changes, ALERT and RECOVERED lines')
    .option(
      '--interval <dur>',
      'with --watch: time between round starts (default: health.interval, 30s)',
    )
    .option('--count <n>', 'with --watch: stop after N rounds')
    .option(
      '--alert-after <n>',
      'with --watch: ALERT after N consecutive failures (default: health.alertAfter, 3)',
    )
    .option(
      '--recover-after <n>',
      'with --watch: RECOVERED after N consecutive successes (default: health.recoverAfter, 2)',
    )
    .option(
      '--webhook <url>',
      'with --watch: POST each ALERT/RECOVERED event as JSON (Slack-compatible text)',
    )
    .option(
      '--metrics-port <port>',
      'with --watch: serve Prometheus metrics on this port (0 = any free port)',
    )
    .option('--metrics-host <host>', 'with --metrics-port: the address to bind (default 127.0.0.1)')
    .option('--junit <file>', 'write a JUnit XML report (one testcase per model)')
    .action(
      action(ctx, async (models: string[], opts: HealthOptions, cmd: Command) => {
        const { runHealth } = await import('./run-health.js');
        const flag = modelsOf(opts);
        return runHealth(
          flag !== undefined ? [...models, flag] : models,
          opts,
          globalsOf(cmd),
          ctx.io,
        );
      }),
    );
}
