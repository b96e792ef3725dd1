import { redactUrl } from '../../core/redaction.js';
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { openRuntime } from '../runtime.js';
import { modelRows } from './model-rows.js';
import { classifyHttp, classifyNetworkError, parseErrorBody } from '../../core/classify.js';
import { InterruptedError, UpstreamError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { parseModelList } from '../../core/model-list.js';
import type { Settings } from '../../config/types.js';
import type { ShepherdClient } from '../../core/client.js';
import { renderModelsTable } from '../../ui/models-table.js';
import { looksFor } from '../looks.js';

/** `shepherd models` (SPEC §5 models). */
export async function runModels(
  opts: { json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  await io.quickExit?.(); // one GET /models per gateway, then the process ends
  const runtime = await openRuntime(globals, io);
  try {
    const client = runtime.client({ stateStore: null });
    const settings = runtime.settings;
    const { reachable, unset } = gatewaysToList(settings);
    // No gateway has a base URL: the usage error (exit 2) that says how to set one.
    if (reachable.length === 0) client.gateway('default');
    const listed = new Map<string, string[]>();
    for (const name of reachable) listed.set(name, await listGateway(client, name, io));
    if (!globals.quiet) {
      for (const { name, models } of unset) {
        io.stderr.write(
          `shepherd: note: gateway ${name} has no base URL; its ${models} model(s) are not shown${name === 'default' ? ' (pass --base-url or set SHEPHERD_BASE_URL to list them)' : ''}\n`,
        );
      }
    }
    const rows = modelRows(settings, listed);
    if (opts.json) {
      const gateways = [...listed].map(([name, ids]) => ({
        name,
        base_url: client.gateway(name).baseUrl,
        listed: ids.length,
      }));
      io.stdout.write(
        `${JSON.stringify({ schema: 'shepherd.models/v1', models: rows, gateways }, null, 2)}\n`,
      );
    } else {
      const looks = looksFor(io, globals);
      const sections = [...listed.keys()].map((name) => ({
        heading:
          listed.size > 1
            ? `gateway ${name} (${client.gateway(name).baseUrl}): ${listed.get(name)?.length ?? 0} listed`
            : undefined,
        rows: rows.filter((r) => r.gateway === name),
      }));
      io.stdout.write(
        sections
          .map(
            (sec) =>
              `${sec.heading ? `${sec.heading}\n` : ''}${renderModelsTable(sec.rows, looks)}`,
          )
          .join('\n'),
      );
      const missing = rows.filter((r) => r.configured && !r.listed).length;
      const unpriced = rows.filter((r) => !r.priced).length;
      if (!globals.quiet && (missing > 0 || unpriced > 0)) {
        io.stderr.write(
          `shepherd: note: ${missing} configured model(s) not listed by the gateway; ${unpriced} model(s) without a price (cost shows them as unpriced)\n`,
        );
      }
    }
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}

/**
 * Every configured gateway with a base URL, in config order (a config with only named
 * gateways lists each of them), and those without one that models are assigned to.
 */
function gatewaysToList(settings: Settings): {
  reachable: string[];
  unset: { name: string; models: number }[];
} {
  const reachable: string[] = [];
  const unset: { name: string; models: number }[] = [];
  const models = Object.values(settings.models);
  for (const gw of Object.values(settings.gateways)) {
    const count = models.filter((m) => m.gateway === gw.name).length;
    if (gw.baseUrl !== undefined) reachable.push(gw.name);
    else if (count > 0) unset.push({ name: gw.name, models: count });
  }
  return { reachable, unset };
}

/** One gateway's `GET /models`; any failure is the command's error (exit 3, 4 or 130). */
async function listGateway(client: ShepherdClient, name: string, io: Io): Promise<string[]> {
  const gw = client.gateway(name);
  const settings = client.settings;
  let res: Awaited<ReturnType<typeof client.get>>;
  try {
    res = await client.get(name, '/models', io.signal);
  } catch (err) {
    // Ctrl-C while the list was on its way: an interruption (exit 130), not a network error.
    if (io.signal.aborted) throw interruption(io.signal);
    const cls = classifyNetworkError(err);
    const via = settings.proxy ? ` via proxy ${settings.proxy}` : '';
    if (cls === 'bad_response') {
      throw new UpstreamError(cls, client.redact(`${gw.baseUrl}: ${(err as Error).message}`));
    }
    throw new UpstreamError(
      cls,
      `cannot reach ${redactUrl(gw.baseUrl)}${via}: ${client.redact(String((err as Error).message ?? err))}`,
    );
  }
  if (res.status !== 200) {
    const body = parseErrorBody(res.body);
    const cls = classifyHttp(res.status, body);
    const hint =
      cls === 'auth' ? `; the key comes from ${gw.keySource ?? 'nowhere (no key set)'}` : '';
    throw new UpstreamError(
      cls,
      `GET ${redactUrl(gw.baseUrl)}/models answered HTTP ${res.status}${reasonOf(res.redirect ?? body?.message)}${hint}`,
    );
  }
  const ids = parseModelList(res.body);
  if (!ids) {
    throw new UpstreamError(
      'bad_response',
      `GET ${redactUrl(gw.baseUrl)}/models did not answer a model list ({"data":[{"id":…}]})`,
    );
  }
  // What the next chat on this gateway sends without asking again.
  client.modelIds.record(gw, ids);
  return ids;
}

function interruption(signal: AbortSignal): InterruptedError {
  const reason: unknown = signal.reason;
  const what = reason instanceof InterruptedError ? reason.message : 'interrupted';
  return new InterruptedError(`${what} before the gateway listed its models`);
}

function reasonOf(text: string | undefined): string {
  return text ? `: ${text}` : '';
}
