import type { Settings } from '../../config/types.js';
import { stripCredentials } from '../../core/proxy.js';
import { UsageError } from '../../core/errors.js';
import type { ProbeKind } from '../../health/types.js';
import { positiveDuration, positiveInt } from '../../config/flag-values.js';

export interface HealthOptions {
  /** `-m/--models` (and `--model`): more models to probe, as the arguments. */
  models?: string;
  model?: string;
  probe: 'completion' | 'models' | 'endpoint';
  maxLatency?: string;
  timeout?: string;
  require: string;
  json?: boolean;
  watch?: boolean;
  interval?: string;
  count?: string;
  alertAfter?: string;
  recoverAfter?: string;
  webhook?: string;
  metricsPort?: string;
  metricsHost?: string;
  junit?: string;
}

/** The watch part of a run: present only with `--watch`. */
export interface WatchOptions {
  intervalMs: number;
  /** Stop after this many rounds; undefined = until Ctrl-C. */
  count?: number;
  alertAfter: number;
  recoverAfter: number;
  webhook?: URL;
  metrics?: { port: number; host: string };
}

/** Flags checked and turned into numbers, with settings defaults applied. */
export interface HealthRun {
  probe: ProbeKind;
  maxLatencyMs: number;
  timeoutMs: number;
  require: string;
  json: boolean;
  junit?: string;
  watch?: WatchOptions;
}

/** Checks every flag before anything is started (exit 2 on a bad value). */
export function parseHealthOptions(opts: HealthOptions): (settings: Settings) => HealthRun {
  const maxLatency = opt(opts.maxLatency, (v) => positiveDuration(v, '--max-latency'));
  const timeout = opt(opts.timeout, (v) => positiveDuration(v, '--timeout'));
  const interval = opt(opts.interval, (v) => positiveDuration(v, '--interval'));
  const count = opt(opts.count, (v) => positiveInt(v, '--count'));
  const alertAfter = opt(opts.alertAfter, (v) => positiveInt(v, '--alert-after'));
  const recoverAfter = opt(opts.recoverAfter, (v) => positiveInt(v, '--recover-after'));
  const metricsPort = opt(opts.metricsPort, parsePort);
  const webhook = opt(opts.webhook, parseWebhook);
  if (opts.metricsHost !== undefined && opts.metricsHost.trim() === '') {
    throw new UsageError(
      '--metrics-host: the value is empty; give an address of this machine, e.g. 127.0.0.1',
    );
  }
  if (opts.metricsHost !== undefined && metricsPort === undefined) {
    throw new UsageError('--metrics-host only works with --metrics-port; add --metrics-port PORT');
  }
  if (!opts.watch) {
    const watchOnly: [string, unknown][] = [
      ['--interval', interval],
      ['--count', count],
      ['--alert-after', alertAfter],
      ['--recover-after', recoverAfter],
      ['--webhook', webhook],
      ['--metrics-port', metricsPort],
    ];
    const given = watchOnly.filter(([, v]) => v !== undefined).map(([k]) => k);
    if (given.length > 0) {
      throw new UsageError(
        `${given.join(', ')} only work${given.length === 1 ? 's' : ''} with --watch; add --watch or drop ${given.length === 1 ? 'it' : 'them'}`,
      );
    }
  }
  return (settings) => {
    const run: HealthRun = {
      probe: opts.probe,
      maxLatencyMs: maxLatency ?? settings.health.maxLatencyMs,
      timeoutMs: timeout ?? settings.timeouts.attemptMs,
      require: opts.require,
      json: opts.json === true,
    };
    if (opts.junit !== undefined) run.junit = opts.junit;
    if (opts.watch) {
      const w: WatchOptions = {
        intervalMs: interval ?? settings.health.intervalMs,
        alertAfter: alertAfter ?? settings.health.alertAfter,
        recoverAfter: recoverAfter ?? settings.health.recoverAfter,
      };
      if (count !== undefined) w.count = count;
      if (webhook !== undefined) w.webhook = webhook;
      if (metricsPort !== undefined)
        w.metrics = { port: metricsPort, host: opts.metricsHost ?? '127.0.0.1' };
      run.watch = w;
    }
    return run;
  };
}

function opt<T>(value: string | undefined, parse: (v: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n > 65535) {
    throw new UsageError(
      `--metrics-port: '${text}' is not a port; give a number from 0 to 65535 (0 picks a free one)`,
    );
  }
  return n;
}

function parseWebhook(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `--webhook: '${stripCredentials(text)}' is not a URL; give an http:// or https:// address`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      `--webhook: only http:// and https:// URLs work, not ${url.protocol}; give an http(s) address`,
    );
  }
  return url;
}
