import type { Exchange } from './exchange.js';
import { ChunkWriter, DONE_EVENT, MALFORMED_EVENT } from './openai-shapes.js';
import type { Plan } from './plan.js';
import type { Fault } from './profile-schema.js';
import { StreamPacer } from './stream-pacer.js';

/** The `data:` event of an in-band error, as the shared sample in-band-error.sse (test/fixtures/sse-samples). */
export function inBandErrorEvent(message: string | undefined): string {
  return `data: ${JSON.stringify({
    error: { message: message ?? 'Overloaded', type: 'overloaded_error', code: 529 },
  })}\n\n`;
}

/**
 * Writes one SSE stream in OpenAI's shape, applying the plan's stream fault. Its first token
 * is due `plan.ttftMs` after `origin` (a performance.now() time; default now).
 */
export async function writeStream(
  x: Exchange,
  plan: Plan,
  includeUsage: boolean,
  origin = performance.now(),
): Promise<void> {
  x.head(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': plan.id,
  });
  x.res.flushHeaders();
  const chunks = new ChunkWriter({
    id: plan.id,
    created: plan.created,
    model: plan.model,
    includeUsage,
  });
  const out = new StreamPacer(x, origin);
  if (!(await out.wait(plan.ttftMs))) return;
  out.write(chunks.role(plan.reasoningModel));
  for (let i = 0; i < plan.reasoning.length; i++) {
    if (i > 0 && !(await out.wait(plan.itl()))) return;
    out.write(chunks.reasoning(plan.reasoning[i]!));
  }
  if (!(await writeContent(x, plan, chunks, out))) return;
  out.write(chunks.finish(plan.finishReason));
  if (includeUsage) {
    out.write(
      chunks.usage({
        promptTokens: plan.promptTokens,
        cachedTokens: plan.cachedTokens,
        contentTokens: plan.content.length,
        reasoningTokens: plan.reasoning.length,
      }),
    );
  }
  if (plan.fault?.type !== 'no_done') out.write(DONE_EVENT);
  out.end();
}

/** The content tokens, with the mid-stream fault at its token; false once the stream ended. */
async function writeContent(
  x: Exchange,
  plan: Plan,
  chunks: ChunkWriter,
  out: StreamPacer,
): Promise<boolean> {
  const fault = plan.fault;
  const n = plan.content.length;
  const faultAt = midStreamFault(fault)
    ? Math.min(fault.afterTokens ?? defaultAfter(fault.type), n)
    : -1;
  for (let i = 0; i <= n; i++) {
    if (fault && i === faultAt && !(await applyFault(x, plan, fault, i, chunks, out))) return false;
    if (i === n) break;
    if (i === 0 && fault?.type === 'slow_first_token') {
      if (!(await out.wait(fault.delayMs ?? SLOW_FIRST_TOKEN_MS))) return false;
    }
    if ((i > 0 || plan.reasoning.length > 0) && !(await out.wait(plan.itl()))) return false;
    out.writeContent(chunks.content(plan.content[i]!, plan.reasoningModel));
  }
  return true;
}

function midStreamFault(
  fault: Fault | undefined,
): fault is Extract<Fault, { type: 'stall' | 'cut' | 'malformed' | 'in_band_error' }> {
  return (
    fault !== undefined &&
    (fault.type === 'stall' ||
      fault.type === 'cut' ||
      fault.type === 'malformed' ||
      fault.type === 'in_band_error')
  );
}

/** Applies a mid-stream fault before token `i`; false when it ended the stream. */
async function applyFault(
  x: Exchange,
  plan: Plan,
  fault: Fault,
  i: number,
  chunks: ChunkWriter,
  out: StreamPacer,
): Promise<boolean> {
  switch (fault.type) {
    case 'stall':
      if (fault.delayMs === undefined) {
        out.flush();
        await x.waitForever();
        return false;
      }
      return out.wait(fault.delayMs);
    case 'cut':
      if (fault.midEvent && i < plan.content.length)
        out.write(chunks.content(plan.content[i]!, false).slice(0, 40));
      out.flush();
      x.dropAfterFlush();
      return false;
    case 'malformed':
      out.write(MALFORMED_EVENT);
      return true;
    case 'in_band_error':
      out.write(inBandErrorEvent(fault.message));
      out.flush();
      x.res.end();
      return false;
    default:
      return true;
  }
}

/** Default `delayMs` of slow_first_token. */
export const SLOW_FIRST_TOKEN_MS = 5000;

/** Default `afterTokens` of the mid-stream faults. */
export function defaultAfter(type: string): number {
  return type === 'malformed' || type === 'in_band_error' ? 2 : 3;
}
