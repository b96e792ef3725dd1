/** The chat request every command sends, independent of the wire format. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  stream: boolean;
  maxTokens?: number;
  /** `min_tokens`, a vLLM/SGLang extension: answer at least this many tokens. */
  minTokens?: number;
  /** `ignore_eos: true`, a vLLM/SGLang extension: keep generating up to max_tokens. */
  ignoreEos?: boolean;
  temperature?: number;
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
