import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { modelsOf } from '../model-flag.js';
import { chainProgress } from './chain-progress.js';
import { openRuntime } from '../runtime.js';
import { readPiped } from '../stdin.js';
import { UsageError } from '../../core/errors.js';
import { EXIT, exitCodeForFailedChain } from '../../core/exit-codes.js';
import type { ChatMessage, ChatRequest } from '../../core/request.js';
import type { ChainResult } from '../../core/result.js';
import { chatDocument } from '../../chat/chat-document.js';
import { resolveChain } from '../../config/resolve.js';
import { printableText } from '../../core/terminal-text.js';
import {
  hedgeFlag,
  nameList,
  nonBlank,
  numberInRange,
  positiveDuration,
  positiveInt,
} from '../../config/flag-values.js';

export interface ChatOptions {
  model?: string;
  /** `--models`, the same flag as `--model`. */
  models?: string;
  route?: string;
  system?: string;
  temperature?: string;
  maxTokens?: string;
  stream: boolean;
  timeout?: string;
  deadline?: string;
  hedge?: string;
  json?: boolean;
  log: boolean;
}

/** `shepherd chat`: one answer through the fallback chain (SPEC §5 chat). */
export async function runChat(
  promptArgs: string[],
  opts: ChatOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  // Every flag is checked before stdin is read or anything is sent.
  const flags = chainFlags(opts, io.env);
  const request = await buildRequest(promptArgs, opts, io);
  await io.quickExit?.(); // one answer, then the process ends
  const runtime = await openRuntime(globals, io);
  try {
    const chain = resolveChain(runtime.settings, {
      ...(flags.models.length > 0 ? { models: flags.models } : {}),
      ...(flags.route !== undefined ? { route: flags.route } : {}),
    });
    const client = runtime.client();
    const quiet = globals.quiet === true;
    const progress = await chainProgress(io, client.clock, chain, {
      quiet,
      noColor: globals.color === false,
    });
    const note = progress.note;
    const streamOut = !opts.json;
    let printed = '';
    const startWall = client.clock.wallNow();
    const start = client.clock.now();
    const result: ChainResult = await client
      .complete(chain, request, {
        signal: io.signal,
        ...(flags.timeoutMs !== undefined ? { timeoutMs: flags.timeoutMs } : {}),
        ...(flags.deadlineMs !== undefined ? { deadlineMs: flags.deadlineMs } : {}),
        ...(flags.hedgeMs !== undefined ? { hedgeMs: flags.hedgeMs } : {}),
        ...(streamOut
          ? {
              onToken: (text: string) => {
                // The spinner is gone before the first token reaches the terminal.
                if (printed === '') progress.stop();
                printed += text;
                // No escape sequence a gateway slips into the answer reaches the terminal.
                io.stdout.write(printableText(text));
              },
            }
          : {}),
        onEvent: progress.onEvent,
      })
      .finally(progress.stop);
    const end = client.clock.now();
    if (streamOut && printed.length > 0 && !printed.endsWith('\n')) io.stdout.write('\n');
    noteBadChunks(result, note);
    const interrupted = io.signal.aborted || result.cancelled === true;
    const doc = chatDocument(result, runtime.settings, { start, end, interrupted });
    if (opts.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    if (opts.log)
      await logUsage(runtime.settings.usageLedger, { result, doc, startWall, interrupted }, (t) =>
        io.stderr.write(`shepherd: ${t}\n`),
      );
    if (interrupted) {
      if (!opts.json) note(`interrupted: ${printed.length} characters received`);
      return EXIT.interrupted;
    }
    if (result.ok) return EXIT.ok;
    if (!opts.json) io.stderr.write(`shepherd: ${result.error?.message ?? 'every model failed'}\n`);
    return exitCodeForFailedChain(result.classes);
  } finally {
    await runtime.close();
  }
}

/** The chain flags (-m/-r, --timeout, --deadline), checked. */
function chainFlags(
  opts: ChatOptions,
  env: Record<string, string | undefined>,
): {
  timeoutMs: number | undefined;
  deadlineMs: number | undefined;
  hedgeMs: number | undefined;
  models: string[];
  route: string | undefined;
} {
  const hedgeMs = opts.hedge !== undefined ? hedgeFlag(opts.hedge) : undefined;
  const timeoutMs =
    opts.timeout !== undefined ? positiveDuration(opts.timeout, '--timeout') : undefined;
  const deadlineMs =
    opts.deadline !== undefined ? positiveDuration(opts.deadline, '--deadline') : undefined;
  const flag = modelsOf(opts);
  if (flag !== undefined && opts.route !== undefined) {
    throw new UsageError('use -m/--model (a chain of models) or -r/--route, not both');
  }
  // SHEPHERD_MODEL: the default model or chain when neither -m nor -r is given.
  const fromEnv = flag === undefined && opts.route === undefined ? envModel(env) : undefined;
  const models =
    flag !== undefined
      ? nameList(flag, '-m/--model', 'gpt-4.1,deepseek-v3.2')
      : fromEnv !== undefined
        ? nameList(fromEnv, 'SHEPHERD_MODEL', 'gpt-4.1,deepseek-v3.2')
        : [];
  const route =
    opts.route !== undefined
      ? nonBlank(opts.route, '-r/--route', 'a route name from the config file, e.g. default')
      : undefined;
  return { timeoutMs, deadlineMs, hedgeMs, models, route };
}

function noteBadChunks(result: ChainResult, note: (text: string) => void): void {
  const bad = result.final?.badChunks ?? 0;
  if (bad > 0) {
    note(
      `note: ${result.final?.model} sent ${bad} malformed stream event${bad === 1 ? '' : 's'} (skipped; the answer may miss text)`,
    );
  }
}

/**
 * `--log`: one usage ledger line; a write failure is one warning on stderr (even with
 * --quiet), never a lost answer.
 */
async function logUsage(
  ledger: string,
  run: {
    result: ChainResult;
    doc: ReturnType<typeof chatDocument>;
    startWall: number;
    interrupted: boolean;
  },
  warn: (text: string) => void,
): Promise<void> {
  const { result, doc, interrupted } = run;
  const { appendLedgerLine } = await import('../../cost/ledger.js');
  await appendLedgerLine(ledger, {
    ts: new Date(run.startWall).toISOString(),
    models_tried: [...new Set(result.attempts.map((a) => a.model))],
    model: result.ok && result.final ? result.final.model : null,
    usage: result.ok && result.final?.usage ? result.final.usage : null,
    cost_usd: doc.cost_usd,
    latency_ms: doc.latency_ms,
    outcome: interrupted ? 'cancelled' : result.ok ? 'ok' : (result.error?.class ?? 'server_error'),
  }).catch((err: unknown) =>
    warn(
      `warning: could not append to the usage ledger ${ledger} (${(err as NodeJS.ErrnoException).code ?? String(err)}); this call is not in \`cost --from usage\``,
    ),
  );
}

function envModel(env: Record<string, string | undefined>): string | undefined {
  const value = env['SHEPHERD_MODEL'];
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

async function buildRequest(promptArgs: string[], opts: ChatOptions, io: Io): Promise<ChatRequest> {
  const maxTokens =
    opts.maxTokens !== undefined ? positiveInt(opts.maxTokens, '--max-tokens') : undefined;
  const temperature =
    opts.temperature !== undefined
      ? numberInRange(opts.temperature, '--temperature', 0, 2)
      : undefined;
  const fromArgs = promptArgs.join(' ').trim();
  const piped = (await readPiped(io.stdin, io.stdin?.idleMs)).trim();
  const prompt = [fromArgs, piped].filter(Boolean).join('\n\n');
  if (!prompt) {
    throw new UsageError(
      'no prompt: pass it as arguments (shepherd chat "hello") or pipe it on stdin',
    );
  }
  const messages: ChatMessage[] = [];
  if (opts.system) messages.push({ role: 'system', content: opts.system });
  messages.push({ role: 'user', content: prompt });
  const request: ChatRequest = { messages, stream: opts.stream };
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (temperature !== undefined) request.temperature = temperature;
  return request;
}

/** A zero timeout or deadline could only ever fail every model: a usage error instead. */
