/**
 * OpenAI-shaped bodies and SSE events, built as strings: the streaming path concatenates
 * a per-request prefix with a small delta so a chunk costs one short JSON.stringify.
 */

export interface OpenAiError {
  message: string;
  type: string;
  param: string | null;
  code: string | number | null;
}

export function errorBody(error: OpenAiError): string {
  return JSON.stringify({ error });
}

export interface UsageCounts {
  promptTokens: number;
  /** Prompt tokens served from the prefix cache. */
  cachedTokens?: number;
  contentTokens: number;
  reasoningTokens: number;
}

export function usageObject(u: UsageCounts): Record<string, unknown> {
  const completion = u.contentTokens + u.reasoningTokens;
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: completion,
    total_tokens: u.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: u.cachedTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

export interface ChunkContext {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

/** Builds the `data: …\n\n` events of one stream. */
export class ChunkWriter {
  readonly #head: string;
  readonly #tail: string;
  readonly #ctx: ChunkContext;

  constructor(ctx: ChunkContext) {
    this.#ctx = ctx;
    this.#head =
      `data: {"id":${JSON.stringify(ctx.id)},"object":"chat.completion.chunk",` +
      `"created":${ctx.created},"model":${JSON.stringify(ctx.model)},` +
      `"system_fingerprint":"fp_sim","choices":[{"index":0,"delta":`;
    this.#tail = ctx.includeUsage ? ',"usage":null}\n\n' : '}\n\n';
  }

  /** One event with `delta` (already JSON) and `finish_reason`. */
  delta(deltaJson: string, finishReason: string | null = null): string {
    const finish = finishReason === null ? 'null' : JSON.stringify(finishReason);
    return `${this.#head}${deltaJson},"logprobs":null,"finish_reason":${finish}}]${this.#tail}`;
  }

  role(reasoning: boolean): string {
    return this.delta(
      reasoning
        ? '{"role":"assistant","content":null,"reasoning_content":""}'
        : '{"role":"assistant","content":"","refusal":null}',
    );
  }

  content(text: string, reasoningModel: boolean): string {
    const c = JSON.stringify(text);
    return this.delta(
      reasoningModel ? `{"content":${c},"reasoning_content":null}` : `{"content":${c}}`,
    );
  }

  reasoning(text: string): string {
    return this.delta(`{"content":null,"reasoning_content":${JSON.stringify(text)}}`);
  }

  finish(reason: string): string {
    return this.delta('{}', reason);
  }

  usage(u: UsageCounts): string {
    const c = this.#ctx;
    return `data: ${JSON.stringify({
      id: c.id,
      object: 'chat.completion.chunk',
      created: c.created,
      model: c.model,
      system_fingerprint: 'fp_sim',
      choices: [],
      usage: usageObject(u),
    })}\n\n`;
  }
}

export const DONE_EVENT = 'data: [DONE]\n\n';
export const MALFORMED_EVENT = 'data: {not json\n\n';

export function completionBody(args: {
  id: string;
  created: number;
  model: string;
  content: string;
  reasoning: string | undefined;
  finishReason: string;
  usage: UsageCounts;
}): string {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: args.content,
    refusal: null,
  };
  if (args.reasoning !== undefined) message['reasoning_content'] = args.reasoning;
  return JSON.stringify({
    id: args.id,
    object: 'chat.completion',
    created: args.created,
    model: args.model,
    system_fingerprint: 'fp_sim',
    choices: [{ index: 0, message, logprobs: null, finish_reason: args.finishReason }],
    usage: usageObject(args.usage),
  });
}
