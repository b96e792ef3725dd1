/** The chat request every command sends, independent of the wire format. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  stream: boolean;
  maxTokens?: number | undefined;
  /** `min_tokens`, a vLLM/SGLang extension: answer at least this many tokens. */
  minTokens?: number | undefined;
  /** `ignore_eos: true`, a vLLM/SGLang extension: keep generating up to max_tokens. */
  ignoreEos?: boolean | undefined;
  temperature?: number | undefined;
}

/** The OpenAI wire body; streaming asks for usage (`stream_options.include_usage`). */
export function wireBody(modelId: string, req: ChatRequest): string {
  const body: Record<string, unknown> = {
    model: modelId,
    messages: req.messages,
    stream: req.stream,
  };
  if (req.stream) body.stream_options = { include_usage: true };
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  if (req.minTokens !== undefined) body.min_tokens = req.minTokens;
  if (req.ignoreEos) body.ignore_eos = true;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  return JSON.stringify(body);
}

/**
 * The wire body as bytes. Messages that are frozen cannot change, so their body is kept and
 * sent again (a bench cycles through a few prompts tens of thousands of times a second);
 * anything else is serialised every time.
 */
interface KeptBody {
  modelId: string;
  stream: boolean;
  maxTokens: number | undefined;
  minTokens: number | undefined;
  ignoreEos: boolean | undefined;
  temperature: number | undefined;
  bytes: Buffer;
}

const bodies = new WeakMap<readonly ChatMessage[], KeptBody[]>();

export function wireBodyBytes(modelId: string, req: ChatRequest): Buffer {
  // Kept once means frozen for good: the frozen check (a runtime call) is made only the first time.
  let kept = bodies.get(req.messages);
  if (!kept) {
    if (!Object.isFrozen(req.messages)) return Buffer.from(wireBody(modelId, req));
    bodies.set(req.messages, (kept = []));
  }
  for (const k of kept) {
    if (
      k.modelId === modelId &&
      k.stream === req.stream &&
      k.maxTokens === req.maxTokens &&
      k.minTokens === req.minTokens &&
      k.ignoreEos === req.ignoreEos &&
      k.temperature === req.temperature
    )
      return k.bytes;
  }
  const bytes = Buffer.from(wireBody(modelId, req));
  // A handful of shapes per prompt (models, stream or not); drawn lengths are not kept forever.
  if (kept.length < 16) {
    kept.push({
      modelId,
      stream: req.stream,
      maxTokens: req.maxTokens,
      minTokens: req.minTokens,
      ignoreEos: req.ignoreEos,
      temperature: req.temperature,
      bytes,
    });
  }
  return bytes;
}

const endpoints = new Map<string, { origin: string; path: string }>();

/** `https://host/v1` + `/chat/completions` → origin and path for undici (parsed once per URL). */
export function endpoint(baseUrl: string, suffix: string): { origin: string; path: string } {
  const key = `${baseUrl}\u0000${suffix}`;
  let hit = endpoints.get(key);
  if (!hit) {
    const url = new URL(baseUrl);
    const base = url.pathname.replace(/\/+$/, '');
    hit = { origin: url.origin, path: `${base}${suffix}${url.search}` };
    endpoints.set(key, hit);
  }
  return hit;
}
