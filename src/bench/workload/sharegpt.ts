/** The shapes of prompts.ts (kept here by structure: prompts.ts imports this module). */
type Role = 'system' | 'user' | 'assistant';
interface Message {
  role: Role;
  content: string;
}

/**
 * ShareGPT-style conversations: `{"conversations": [{"from": "human", "value": "..."},
 * {"from": "gpt", "value": "..."}]}`, as in the public ShareGPT dumps (a JSON array) or one
 * object per line. Returns the messages or why the entry cannot be used.
 */
const FROM: Record<string, Role> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  chatgpt: 'assistant',
  assistant: 'assistant',
  model: 'assistant',
  bard: 'assistant',
  bing: 'assistant',
  system: 'system',
};

export function fromShareGpt(value: unknown): { messages: Message[] } | string {
  const turns = (value as { conversations?: unknown }).conversations;
  if (!Array.isArray(turns) || turns.length === 0)
    return '"conversations" must be a non-empty array';
  const messages: Message[] = [];
  for (const [i, turn] of turns.entries()) {
    const t = turn as { from?: unknown; value?: unknown } | null;
    const role = typeof t?.from === 'string' ? FROM[t.from.toLowerCase()] : undefined;
    if (!role) {
      return `conversations[${i}].from must be one of human, gpt, system (or user, assistant)`;
    }
    if (typeof t?.value !== 'string') return `conversations[${i}].value must be a string`;
    messages.push({ role, content: t.value });
  }
  if (!messages.some((m) => m.role === 'user' && m.content.trim() !== '')) {
    return 'the conversation has no human message';
  }
  return { messages };
}

/** 1-based line of every top-level element of a JSON array text (strings and nesting skipped). */
export function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') continue;
    if (depth === 1 && expectValue && ch !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectValue = true;
  }
  return lines;
}

/** The 1-based line and column of character `offset`. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
