import type { ModelSettings } from '../config/types.js';
import type { ShepherdClient } from '../core/client.js';
import { checkGateway, verdictFromGateway, type GatewayCheck } from './probe-gateway.js';
import { probeCompletion } from './probe-completion.js';
import type { ProbeOptions, ProbeResult } from './types.js';

/**
 * One round: every model probed at once. Completion probes are one request per model;
 * `models` and `endpoint` probes make one GET per gateway, shared by its models.
 * Results come back in the order of `models`.
 */
export async function probeRound(
  client: ShepherdClient,
  models: readonly ModelSettings[],
  opts: ProbeOptions,
  onResult?: (result: ProbeResult) => void,
): Promise<ProbeResult[]> {
  const kind = opts.kind;
  const told = (r: ProbeResult): ProbeResult => {
    onResult?.(r);
    return r;
  };
  if (kind === 'completion') {
    return Promise.all(models.map(async (m) => told(await probeCompletion(client, m, opts))));
  }
  const checks = new Map<string, Promise<GatewayCheck>>();
  for (const m of models) {
    if (!checks.has(m.gateway)) checks.set(m.gateway, checkGateway(client, m.gateway, kind, opts));
  }
  return Promise.all(
    models.map(async (m) => {
      const check = await checks.get(m.gateway)!;
      return told(verdictFromGateway(m, kind, check, opts, client.clock.wallNow()));
    }),
  );
}
