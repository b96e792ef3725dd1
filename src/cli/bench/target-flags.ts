import { gatewayUrl, nameList, nonBlank } from '../../config/flag-values.js';
import { resolveChain } from '../../config/resolve.js';
import type { Settings } from '../../config/types.js';
import { UsageError } from '../../core/errors.js';
import type { TargetPlan } from './targets.js';
import { withCompareGateway } from './targets.js';

/** The target flags of `bench` (`-m`, `--route`, `--compare-url`), checked before anything starts. */
export interface TargetFlags {
  models: string[];
  route?: string;
  compareUrl?: string;
}

export function parseTargetFlags(opts: {
  models?: string;
  route?: string;
  compareUrl?: string;
}): TargetFlags {
  if (opts.route !== undefined && opts.models !== undefined)
    throw new UsageError('use -m/--models or --route, not both');
  if (opts.route !== undefined && opts.compareUrl !== undefined)
    throw new UsageError(
      '--compare-url compares models; it cannot be combined with --route: use -m/--models or drop --route',
    );
  const flags: TargetFlags = {
    models:
      opts.models !== undefined
        ? nameList(opts.models, '-m/--models', 'gpt-4.1,deepseek-v3.2')
        : [],
  };
  if (opts.route !== undefined)
    flags.route = nonBlank(opts.route, '--route', 'a route name from the config file, e.g. default');
  if (opts.compareUrl !== undefined)
    flags.compareUrl = gatewayUrl(opts.compareUrl, '--compare-url');
  return flags;
}

/** The settings the targets run with (the `compare` gateway added) and the target plan. */
export function planTargets(
  flags: TargetFlags,
  base: Settings,
): { settings: Settings; plan: TargetPlan } {
  const settings = flags.compareUrl ? withCompareGateway(base, flags.compareUrl) : base;
  const plan: TargetPlan = { models: [] };
  if (flags.route !== undefined)
    plan.route = { name: flags.route, chain: resolveChain(settings, { route: flags.route }) };
  else
    plan.models = resolveChain(settings, flags.models.length > 0 ? { models: flags.models } : {});
  if (flags.compareUrl) plan.compareUrl = flags.compareUrl;
  return { settings, plan };
}
