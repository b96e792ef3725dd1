import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  runBench,
  type BenchRunOptions,
  type BenchTarget,
  type Workload,
} from '../../bench/index.js';
import type { ModelSettings, Settings } from '../../config/types.js';
import type { ShepherdClient } from '../../core/client.js';
import type { Runtime } from '../runtime.js';
import { packageVersion } from '../version.js';
import { buildTargets } from './targets.js';

/** Rehearsal send times, ms: bursts and gaps, so every step of a replay's send path runs. */
const TIMES = [0, 1, 2, 5, 9, 10, 14, 20];
/** The rehearsal gives up after this long (it only saves time later). */
const REHEARSAL_MS = 3000;
/** After the rehearsal, for its sockets' close events to run before the replay starts, ms. */
const SETTLE_MS = 5;

const MODEL: ModelSettings = {
  name: 'rehearsal',
  id: 'rehearsal',
  aliases: [],
  gateway: 'default',
};

/** A trace replay (`--trace`) is rehearsed first; any other run starts at once. */
export async function rehearseIfReplay(
  runtime: Runtime,
  input: { parsed: { load: BenchRunOptions['load'] }; route: string | undefined },
  stream: boolean,
): Promise<void> {
  const load = input.parsed.load;
  if (load.mode !== 'open' || load.arrival !== 'trace') return;
  await rehearseReplay(runtime, {
    route: input.route !== undefined,
    stream,
    version: packageVersion(),
  });
}

/**
 * Before a trace replay: the same machinery (client, attempt, dispatcher, open loop, stats,
 * live figures) replays a few requests against a throwaway loopback server of our own, never
 * the gateway. A process's first pass through that code compiles it (a few ms of the event
 * loop around the first sends and answers), which made the replay's first sends the late
 * ones; after the rehearsal they go out like the rest. Never throws.
 */
export async function rehearseReplay(
  runtime: Runtime,
  o: { route: boolean; stream: boolean; version: string },
): Promise<void> {
  const server = createServer(answer);
  let client: ShepherdClient | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    // No keys, no proxy, nothing cached or saved: only the code paths are shared.
    const { modelListFile: _none, ...rest } = runtime.settings;
    const settings: Settings = {
      ...rest,
      gateways: { default: { name: 'default', baseUrl: url, headers: {}, keys: [] } },
      models: { [MODEL.name]: MODEL },
      routes: { default: [MODEL.name] },
    };
    client = runtime.client({ settings, env: {}, stateStore: null });
    const plan = o.route
      ? { models: [], route: { name: 'rehearsal', chain: [MODEL] } }
      : { models: [MODEL] };
    const targets: BenchTarget[] = buildTargets(plan, client, REHEARSAL_MS);
    await runBench({
      targets,
      workload: rehearsalWorkload(),
      load: { mode: 'open', rate: 1, arrival: 'trace' },
      stop: { requests: TIMES.length },
      stream: o.stream,
      version: o.version,
      drainMs: REHEARSAL_MS,
      progressIntervalMs: 5,
      listeners: { progress: () => undefined },
    });
  } catch {
    // A rehearsal that cannot run costs the replay its first-call compilation, nothing more.
  } finally {
    // All of it torn down before the replay: its sockets closing in the replay's first ms held
    // up the first sends.
    await client?.close().catch(() => undefined);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));
  }
}

function rehearsalWorkload(): Workload {
  const item = (seq: number) => ({
    messages: [{ role: 'user' as const, content: `Rehearsal ${seq + 1}.` }],
    inputTokens: 3,
    maxTokens: 2,
    promptIndex: seq,
  });
  return {
    info: { source: 'trace', tokenizer: 'none', exact_output: false },
    item,
    prepare: (seq) => void item(seq),
    trace: {
      length: TIMES.length,
      offsetMs: (seq) => TIMES[seq] as number,
      forShard: () => {
        let k = 0;
        return { next: () => TIMES[k++] as number };
      },
    },
  };
}

/** An OpenAI-compatible answer: the model list, or a two-token completion (streamed or not). */
function answer(req: IncomingMessage, res: ServerResponse): void {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: MODEL.id, object: 'model' }] }));
      return;
    }
    let stream = false;
    try {
      stream =
        (JSON.parse(Buffer.concat(parts).toString()) as { stream?: boolean }).stream === true;
    } catch {
      // Answered as JSON.
    }
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
    const base = { id: 'r', model: MODEL.id, created: 0 };
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'ok ok' },
              finish_reason: 'length',
            },
          ],
          usage,
        }),
      );
      return;
    }
    const chunk = (choices: object[], extra: object = {}): string =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      chunk([{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: null }]) +
        chunk([{ index: 0, delta: { content: ' ok' }, finish_reason: null }]) +
        chunk([{ index: 0, delta: {}, finish_reason: 'length' }]) +
        chunk([], { usage }) +
        'data: [DONE]\n\n',
    );
  });
}
