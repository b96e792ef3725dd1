import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { createRng, shuffled } from '../core/rng.js';
import { arrayElementLines, fromShareGpt, lineOf } from './workload/sharegpt.js';

/**
 * The bench workload: `--prompt TEXT` or `--prompts FILE.jsonl`, one prompt per line, either
 * `{"messages":[{"role":"user","content":"..."}]}` (OpenAI chat JSONL), `{"prompt":"..."}`
 * (optionally with `"system":"..."`) or a ShareGPT `{"conversations":[{"from","value"}]}`;
 * or a ShareGPT JSON array of such conversations. Every target gets the same prompts in the
 * same seeded order. A conversation's messages are kept whole; the workload decides what a
 * request sends (its first turn, or every turn with `--turns`).
 */

export type BenchRole = 'system' | 'developer' | 'user' | 'assistant';
const ROLES: readonly string[] = ['system', 'developer', 'user', 'assistant'];

export interface BenchMessage {
  role: BenchRole;
  content: string;
}

export interface BenchPrompt {
  messages: BenchMessage[];
}

/** What the runner hands a target's `send` for one request. */
export interface BenchRequest {
  messages: BenchMessage[];
  stream: boolean;
  maxTokens?: number | undefined;
  /** `--exact-output`: `min_tokens` and `ignore_eos: true` (vLLM, SGLang honour them). */
  minTokens?: number | undefined;
  ignoreEos?: boolean | undefined;
  /** Multi-turn: the answer's text is needed for the next turn. */
  keepContent?: boolean | undefined;
  /** Index of the prompt in the loaded (unshuffled) list. */
  promptIndex: number;
  /** Position in the run's global request sequence (the same for every target; shards interleave). */
  seq: number;
  warmup: boolean;
}

export function promptFromText(text: string): BenchPrompt[] {
  if (text.trim() === '') throw new UsageError('--prompt: the prompt is empty; give some text');
  return [{ messages: [{ role: 'user', content: text }] }];
}

function lineError(file: string, line: number, why: string): UsageError {
  return new UsageError(
    `${file}:${line}: ${why}; each line must be {"messages":[{"role":"user","content":"..."}]}, {"prompt":"..."} or {"conversations":[{"from":"human","value":"..."}]}`,
  );
}

function parseLine(value: unknown, file: string, line: number): BenchPrompt {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw lineError(file, line, 'not a JSON object');
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.prompt === 'string') {
    if (obj.prompt.trim() === '') throw lineError(file, line, '"prompt" is empty');
    const messages: BenchMessage[] = [];
    if (obj.system !== undefined) {
      if (typeof obj.system !== 'string') throw lineError(file, line, '"system" must be a string');
      messages.push({ role: 'system', content: obj.system });
    }
    messages.push({ role: 'user', content: obj.prompt });
    return { messages };
  }
  if (obj.conversations !== undefined && obj.messages === undefined) {
    const p = fromShareGpt(obj);
    if (typeof p === 'string') throw lineError(file, line, p);
    return p;
  }
  if (!Array.isArray(obj.messages) || obj.messages.length === 0) {
    throw lineError(file, line, 'no "messages" array or "prompt" string');
  }
  const messages = obj.messages.map((m: unknown, i): BenchMessage => {
    const msg = m as { role?: unknown; content?: unknown } | null;
    if (
      !msg ||
      typeof msg !== 'object' ||
      typeof msg.role !== 'string' ||
      !ROLES.includes(msg.role)
    ) {
      throw lineError(file, line, `messages[${i}].role must be one of ${ROLES.join(', ')}`);
    }
    if (typeof msg.content !== 'string') {
      throw lineError(file, line, `messages[${i}].content must be a string`);
    }
    return { role: msg.role as BenchRole, content: msg.content };
  });
  return { messages };
}

/** A ShareGPT JSON array: every element a conversation, errors naming the element's line. */
function parseJsonArray(text: string, file: string): BenchPrompt[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec(String(err));
    throw lineError(file, at ? lineOf(text, Number(at[1])) : 1, 'not valid JSON');
  }
  const lines = arrayElementLines(text);
  const out = (value as unknown[]).map((v, i) => parseLine(v, file, lines[i] ?? 1));
  if (out.length === 0) throw new UsageError(`${file}: the JSON array holds no conversations`);
  return out;
}

/** Parses JSONL text (or a JSON array); blank lines and lines starting with `//` are skipped. */
export function parsePromptsJsonl(text: string, file: string): BenchPrompt[] {
  if (text.trimStart().startsWith('[')) return parseJsonArray(text, file);
  const out: BenchPrompt[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw lineError(file, i + 1, 'not valid JSON');
    }
    out.push(parseLine(value, file, i + 1));
  });
  if (out.length === 0) {
    throw new UsageError(
      `${file}: no prompts in the file; write one {"prompt":"..."} or {"messages":[...]} per line`,
    );
  }
  return out;
}

export async function loadPromptsFile(file: string): Promise<BenchPrompt[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--prompts: cannot read ${file} (${code ?? String(err)}); give a JSONL file with one {"prompt":"..."} per line`,
    );
  }
  return parsePromptsJsonl(text, file);
}

/** The run's prompt order: indices into `prompts`, shuffled with the seed (or as given). */
export function promptOrder(count: number, seed: number, shuffle = true): number[] {
  const indices = Array.from({ length: count }, (_, i) => i);
  return shuffle ? shuffled(indices, createRng(seed)) : indices;
}
