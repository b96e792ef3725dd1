import type { ModelSettings, Settings } from '../../config/types.js';
import { resolveChain } from '../../config/resolve.js';
import type { Runtime } from '../runtime.js';
import { BreakerTimeline } from './breaker-timeline.js';
import type { BenchTarget, BenchRequest } from '../../bench/index.js';
import type { ShepherdClient } from '../../core/client.js';
import type { ChatRequest } from '../../core/request.js';
import {
  blankAttempt,
  type AttemptResult,
  type ChainFacts,
  type ChainResult,
} from '../../core/result.js';
import { usageCostUsd } from '../../cost/usage-cost.js';
import { warmHttpClient } from './warm-http.js';

/** The gateway `--compare-url` adds: the default gateway's keys and headers at another URL. */
export const COMPARE_GATEWAY = 'compare';

export interface TargetPlan {
  /** `-m` models (or the default route's models), each its own target. */
  models: ModelSettings[];
  /** `--route NAME`: the whole chain as one target. */
  route?: { name: string; chain: ModelSettings[] };
  compareUrl?: string;
}

/** Adds the `compare` gateway for `--compare-url` (same keys and headers as `default`). */
export function withCompareGateway(settings: Settings, url: string): Settings {
  const base = settings.gateways.default;
  return {
    ...settings,
    gateways: {
      ...settings.gateways,
      [COMPARE_GATEWAY]: {
        name: COMPARE_GATEWAY,
        baseUrl: url.replace(/\/+$/, ''),
        headers: base?.headers ?? {},
        keys: base?.keys ?? [],
      },
    },
  };
}

const toChat = (req: BenchRequest): ChatRequest => ({
  messages: req.messages,
  stream: req.stream,
  ...(req.maxTokens !== undefined ? { maxTokens: req.maxTokens } : {}),
  ...(req.minTokens !== undefined ? { minTokens: req.minTokens } : {}),
  ...(req.ignoreEos ? { ignoreEos: true } : {}),
});

/**
 * Builds the bench targets. A model target is one attempt per request (no retry, no
 * failover: what the model itself does); a route target runs the fallback chain, and its
 * record spans the whole chain (first dispatch to the answer's last byte).
 */
export function buildTargets(
  plan: TargetPlan,
  client: ShepherdClient,
  timeoutMs: number | undefined,
  hedgeMs?: number,
  sentIds: ReadonlyMap<string, string> = new Map(),
): BenchTarget[] {
  const targets: BenchTarget[] = [];
  const gatewayUrl = (name: string): string => client.gateway(name).baseUrl;
  const single = (model: ModelSettings, name: string): BenchTarget => ({
    name,
    model: model.name,
    baseUrl: gatewayUrl(model.gateway),
    ...(sentIds.has(name) ? { sentId: sentIds.get(name) as string } : {}),
    // A bench request is a chat request (its extra fields are not sent); one options shape.
    send: (req, ctx) =>
      client.attempt(model, req, {
        signal: ctx.signal,
        keepContent: req.keepContent === true,
        // Live tokens/s while streams deliver (a single attempt: nothing to splice or fail over).
        onToken: ctx.onChunk,
        intendedStart: ctx.intendedStart,
        timeoutMs,
      }),
  });
  if (plan.route) {
    const { name, chain } = plan.route;
    const first = chain[0];
    targets.push({
      name: `route:${name}`,
      model: chain.map((m) => m.name).join('>'),
      baseUrl: first ? gatewayUrl(first.gateway) : '',
      send: async (req, ctx) => {
        const result = await client.complete(chain, toChat(req), {
          signal: ctx.signal,
          keepContent: req.keepContent === true,
          ...(ctx.intendedStart !== undefined ? { intendedStart: ctx.intendedStart } : {}),
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          ...(hedgeMs !== undefined ? { hedgeMs } : {}),
        });
        const record = chainRecord(
          result.attempts,
          result.final,
          result.error?.class,
          client,
          ctx.intendedStart,
        );
        record.chain = chainFacts(result, chain);
        return record;
      },
    });
  } else {
    for (const model of plan.models) {
      targets.push(single(model, model.name));
      if (plan.compareUrl) {
        targets.push(single({ ...model, gateway: COMPARE_GATEWAY }, `${model.name}@compare`));
      }
    }
  }
  return targets;
}

/**
 * The id each model target will send, asked before the run (one `GET /models` per gateway,
 * unless cached) so the first requests do not each find out with a 404. Keyed by target name.
 */
export async function resolveSentIds(
  plan: TargetPlan,
  client: ShepherdClient,
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (plan.route) return out;
  const pairs = plan.models.flatMap((m) => [
    [m.name, m] as const,
    ...(plan.compareUrl
      ? [[`${m.name}@compare`, { ...m, gateway: COMPARE_GATEWAY }] as const]
      : []),
  ]);
  await Promise.all(
    pairs.map(async ([name, model]) => {
      out.set(name, await client.sendId(model, signal));
    }),
  );
  return out;
}

/** One record for a whole chain: the final attempt's figures, timed from the first dispatch. */
function chainRecord(
  attempts: AttemptResult[],
  final: AttemptResult | undefined,
  errorClass: AttemptResult['outcome'] | undefined,
  client: ShepherdClient,
  intendedStart: number | undefined,
): AttemptResult {
  const first = attempts[0];
  if (!final || !first) {
    // Every model was skipped (breakers open): a failure that cost no request.
    const now = client.clock.now();
    const none = blankAttempt({
      model: '',
      modelId: '',
      gateway: '',
      baseUrl: '',
      stream: true,
      startedAtWall: client.clock.wallNow(),
      start: now,
      end: now,
      outcome: errorClass ?? 'server_error',
      message: 'every model skipped (circuit open)',
    });
    if (intendedStart !== undefined) none.intendedStart = intendedStart;
    return none;
  }
  const record: AttemptResult = { ...final, start: first.start };
  if (first.intendedStart !== undefined) record.intendedStart = first.intendedStart;
  if (final.outcome !== 'ok' && errorClass !== undefined && final.outcome !== 'cancelled') {
    record.outcome = errorClass;
  }
  return record;
}

/**
 * Connections per gateway for a closed loop of `inFlight` requests per target: one each
 * (twice that for hedged routes), never more. Left to undici otherwise (open loop, sweeps): a
 * pool without a limit opens a connection whenever all are busy, and one that has just
 * delivered an answer still counts as busy, so a closed loop of 16 held 32 connections.
 */
function connectionsFor(
  plan: TargetPlan,
  inFlight: number | undefined,
  hedgeMs: number | undefined,
): { connections?: number } {
  if (inFlight === undefined) return {};
  const perGateway = plan.route ? 1 : Math.max(1, plan.models.length);
  return { connections: inFlight * perGateway * (hedgeMs ? 2 : 1) };
}

/** The targets of the flags: a route as one target, or each model (and each again on --compare-url). */
export async function targetsFor(
  input: { models: string[]; route: string | undefined; compareUrl: string | undefined },
  runtime: Runtime,
  timeoutMs: number | undefined,
  signal: AbortSignal,
  hedgeMs?: number,
): Promise<BenchTarget[]> {
  return (await targetsWithTimeline(input, runtime, timeoutMs, signal, hedgeMs)).targets;
}

/** The same, and for a route the timeline of its models' circuit breakers (`bench --route`). */
export async function targetsWithTimeline(
  input: { models: string[]; route: string | undefined; compareUrl: string | undefined },
  runtime: Runtime,
  timeoutMs: number | undefined,
  signal: AbortSignal,
  hedgeMs?: number,
  inFlight?: number,
  connectionsAhead = 0,
): Promise<{ targets: BenchTarget[]; timeline?: BreakerTimeline }> {
  const settings = input.compareUrl
    ? withCompareGateway(runtime.settings, input.compareUrl)
    : runtime.settings;
  const plan: TargetPlan = { models: [] };
  if (input.route !== undefined) {
    plan.route = { name: input.route, chain: resolveChain(settings, { route: input.route }) };
  } else {
    plan.models = resolveChain(settings, input.models.length > 0 ? { models: input.models } : {});
  }
  const client = runtime.client({
    settings,
    stateStore: null,
    ...connectionsFor(plan, inFlight, hedgeMs),
  });
  if (input.compareUrl) plan.compareUrl = input.compareUrl;
  const sentIds = await resolveSentIds(plan, client, signal);
  // Load the HTTP client and compile its parser now (tens of ms), not at the first timed send.
  const gateways = gatewaysOf(plan);
  for (const g of gateways) client.dispatcher(g);
  await warmHttpClient();
  // A trace replay's connections, opened before its window: its first sends then go out on
  // open connections instead of each opening one on the send path.
  if (connectionsAhead > 0) {
    await Promise.all(gateways.map((g) => client.preconnect(g, connectionsAhead)));
  }
  const targets = buildTargets(plan, client, timeoutMs, hedgeMs, sentIds);
  if (!plan.route) return { targets };
  const models = plan.route.chain.map((m) => ({
    name: m.name,
    key: client.stateKey(m.gateway, m.name),
  }));
  return { targets, timeline: new BreakerTimeline(client.breaker, models) };
}

/** The gateways a plan's targets send to, each once. */
function gatewaysOf(plan: TargetPlan): string[] {
  const gateways = new Set([...plan.models, ...(plan.route?.chain ?? [])].map((m) => m.gateway));
  if (plan.compareUrl) gateways.add(COMPARE_GATEWAY);
  return [...gateways];
}

/** How the chain got its answer: attempts, waits, the hedge and what its cancelled legs cost. */
function chainFacts(result: ChainResult, chain: ModelSettings[]): ChainFacts {
  const facts: ChainFacts = {
    primary: chain[0]?.name ?? '',
    attempts: result.attempts.length,
    waitedMs: result.waitedMs ?? 0,
    hedged: result.hedged === true,
    hedgeWon: result.ok && result.final?.hedge === 'hedge',
    hedgeCancelledUsd: 0,
  };
  for (const a of result.attempts) {
    if (!a.hedgeCancelled || !a.usage) continue;
    const u = (facts.hedgeCancelledUsage ??= {
      prompt_tokens: 0,
      completion_tokens: 0,
      total_tokens: 0,
    });
    u.prompt_tokens += a.usage.prompt_tokens;
    u.completion_tokens += a.usage.completion_tokens;
    u.total_tokens += a.usage.total_tokens;
    const cost = usageCostUsd(a.usage, chain.find((m) => m.name === a.model)?.price);
    if (cost !== undefined) facts.hedgeCancelledUsd += cost;
    else facts.hedgeCancelledUnpriced = true;
  }
  return facts;
}
