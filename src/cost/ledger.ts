import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isTokenCount } from '../core/chunk.js';
import { isErrorClass, type ErrorClass } from '../core/errors.js';
import { ensurePrivateDir } from '../core/private-dir.js';
import type { ChainResult } from '../core/result.js';

/**
 * The usage ledger: one JSON line per `shepherd chat` call at Settings.usageLedger
 * (`$XDG_DATA_HOME/shepherd/usage.jsonl`). Metadata only: never the prompt or the answer.
 * `shepherd cost --from usage` prices it per model and per day.
 */

export interface LedgerUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** prompt_tokens_details.cached_tokens (part of prompt_tokens). */
  cached_tokens?: number;
  /** completion_tokens_details.reasoning_tokens (part of completion_tokens). */
  reasoning_tokens?: number;
}

export interface LedgerLine {
  /** When the call started, ISO 8601 (UTC), e.g. `2026-11-23T09:14:02.120Z`. */
  ts: string;
  /** Configured names of every model tried, in order. */
  models_tried: string[];
  /** The model that answered, or null when none did. */
  model: string | null;
  /** The answering model's usage, or null (failed call, or a server that sent none). */
  usage: LedgerUsage | null;
  /** Cost at the prices of the day, or null when the model is unpriced or nothing answered. */
  cost_usd: number | null;
  latency_ms: number;
  outcome: 'ok' | ErrorClass | 'cancelled';
}

/**
 * The ledger line for one chat call: `startedAtWall` (epoch ms) and the chain's latency from
 * the caller; `costUsd` as chat's --json reports it. Failed attempts are listed, never billed.
 */
export function ledgerLineFor(
  result: ChainResult,
  call: { startedAtWall: number; latencyMs: number; costUsd: number | null; interrupted?: boolean },
): LedgerLine {
  const answered = result.ok && result.final !== undefined ? result.final : undefined;
  const usage = answered?.usage;
  return {
    ts: new Date(call.startedAtWall).toISOString(),
    models_tried: [...new Set(result.attempts.map((a) => a.model))],
    model: answered?.model ?? null,
    usage: usage ? usageFields(usage) : null,
    cost_usd: answered ? call.costUsd : null,
    latency_ms: Math.round(call.latencyMs),
    outcome: answered
      ? 'ok'
      : call.interrupted
        ? 'cancelled'
        : (result.error?.class ?? 'cancelled'),
  };
}

/**
 * Appends one line to the ledger (creating its folder 0700 and the file 0600: it says which
 * models a user calls and when). Only the fields above are written. A ledger whose last line
 * was torn (a crash or a full disk mid-write) gets a line break first, so the torn line stays
 * one bad line and this record is whole. One write to a file opened for appending: concurrent
 * chats never interleave within a line.
 */
export async function appendLedgerLine(path: string, line: LedgerLine): Promise<void> {
  ensurePrivateDir(dirname(path));
  const file = await open(path, 'a+', 0o600);
  try {
    const st = await file.stat();
    let lead = '';
    if (st.size > 0) {
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, st.size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    if ((st.mode & 0o077) !== 0) await file.chmod(0o600).catch(() => undefined);
    await file.write(`${lead}${JSON.stringify(ledgerFields(line))}\n`, null, 'utf8');
  } finally {
    await file.close();
  }
}

/** The whitelisted fields of a line, so nothing else (a prompt, an answer, a key) can leak in. */
export function ledgerFields(line: LedgerLine): LedgerLine {
  const out: LedgerLine = {
    ts: line.ts,
    models_tried: [...line.models_tried],
    model: line.model,
    usage: line.usage === null ? null : usageFields(line.usage),
    cost_usd: line.cost_usd,
    latency_ms: line.latency_ms,
    outcome: line.outcome,
  };
  return out;
}

function usageFields(u: LedgerUsage): LedgerUsage {
  const out: LedgerUsage = {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.total_tokens,
  };
  if (u.cached_tokens !== undefined) out.cached_tokens = u.cached_tokens;
  if (u.reasoning_tokens !== undefined) out.reasoning_tokens = u.reasoning_tokens;
  return out;
}

const isCount = isTokenCount;

/**
 * A usage block in any of the shapes shepherd meets: flat (`cached_tokens`, `reasoning_tokens`)
 * or OpenAI's (`prompt_tokens_details.cached_tokens`, `completion_tokens_details.reasoning_tokens`).
 * undefined when it has no whole prompt and completion token counts.
 */
export function parseUsage(value: unknown): LedgerUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const u = value as Record<string, unknown>;
  if (!isCount(u.prompt_tokens) || !isCount(u.completion_tokens)) return undefined;
  const out: LedgerUsage = {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: isCount(u.total_tokens) ? u.total_tokens : u.prompt_tokens + u.completion_tokens,
  };
  const cached = u.cached_tokens ?? detail(u.prompt_tokens_details, 'cached_tokens');
  if (isCount(cached)) out.cached_tokens = cached;
  const reasoning = u.reasoning_tokens ?? detail(u.completion_tokens_details, 'reasoning_tokens');
  if (isCount(reasoning)) out.reasoning_tokens = reasoning;
  return out;
}

function detail(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** One ledger line, or a one-line reason it is not one. */
export function parseLedgerLine(text: string): LedgerLine | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const v = value as Record<string, unknown>;
  if (typeof v.ts !== 'string' || Number.isNaN(Date.parse(v.ts))) return '`ts` is not an ISO time';
  if (v.model !== null && typeof v.model !== 'string') return '`model` is not a string or null';
  const usage = v.usage === null || v.usage === undefined ? null : parseUsage(v.usage);
  if (usage === undefined) return '`usage` has no whole prompt_tokens/completion_tokens counts';
  const outcome = v.outcome;
  if (outcome !== 'ok' && outcome !== 'cancelled' && !isErrorClass(outcome)) {
    return '`outcome` is not ok or an error class';
  }
  const tried = Array.isArray(v.models_tried)
    ? v.models_tried.filter((m): m is string => typeof m === 'string')
    : [];
  return {
    ts: v.ts,
    models_tried: tried,
    model: v.model,
    usage,
    cost_usd: typeof v.cost_usd === 'number' ? v.cost_usd : null,
    latency_ms: typeof v.latency_ms === 'number' ? v.latency_ms : 0,
    outcome,
  };
}

export interface ParsedLedger {
  lines: LedgerLine[];
  /** 1-based numbers of lines that could not be read, with the first reason. */
  bad: { line: number; reason: string }[];
}

/** Parses a whole ledger; blank lines are skipped, malformed ones reported (never fatal). */
export function parseLedger(text: string): ParsedLedger {
  const out: ParsedLedger = { lines: [], bad: [] };
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const parsed = parseLedgerLine(raw);
    if (typeof parsed === 'string') out.bad.push({ line: i + 1, reason: parsed });
    else out.lines.push(parsed);
  });
  return out;
}
