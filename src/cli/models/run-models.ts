import { redactUrl } from '../../core/redaction.js';
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { openRuntime } from '../runtime.js';
import { modelRows } from './model-rows.js';
import { classifyHttp, classifyNetworkError, parseErrorBody } from '../../core/classify.js';
import { InterruptedError, UpstreamError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { parseModelList } from '../../core/model-list.js';
import { renderModelsTable } from '../../ui/models-table.js';
import { looksFor } from '../looks.js';

/** `shepherd models` (SPEC §5 models). */
export async function runModels(
  opts: { json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const runtime = await openRuntime(globals, io);
  try {
    const client = runtime.client({ stateStore: null });
    const settings = runtime.settings;
    const gateways = [...new Set(Object.values(settings.models).map((m) => m.gateway))];
    const listed = new Map<string, string[]>();
    for (const name of gateways) {
      const gw = client.gateway(name);
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
          `GET ${redactUrl(gw.baseUrl)}/models answered HTTP ${res.status}${body?.message ? `: ${body.message}` : ''}${hint}`,
        );
      }
      const ids = parseModelList(res.body);
      if (!ids) {
        throw new UpstreamError(
          'bad_response',
          `GET ${redactUrl(gw.baseUrl)}/models did not answer a model list ({"data":[{"id":…}]})`,
        );
      }
      listed.set(name, ids);
    }
    const rows = modelRows(settings, listed);
    if (opts.json) {
      io.stdout.write(
        `${JSON.stringify({ schema: 'shepherd.models/v1', models: rows }, null, 2)}\n`,
      );
    } else {
      io.stdout.write(renderModelsTable(rows, looksFor(io, globals)));
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

function interruption(signal: AbortSignal): InterruptedError {
  const reason: unknown = signal.reason;
  const what = reason instanceof InterruptedError ? reason.message : 'interrupted';
  return new InterruptedError(`${what} before the gateway listed its models`);
}
