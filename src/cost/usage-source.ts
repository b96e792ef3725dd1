import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseBenchResult } from '../bench/index.js';
import { UsageError } from '../core/errors.js';
import { parseLedger, parseUsage, type LedgerUsage } from './ledger.js';
import type { TokenVolume } from './pricing.js';

/**
 * Real usage to price: `--from FILE` (a bench result, a chat `--json` document, or a ledger
 * copy) or `--from usage` (the chat ledger). Detected by the `schema` field.
 */
export interface UsageRecord {
  /** Row key: the model, or a bench target's name when it differs. */
  label: string;
  /** Model to price as; null when the file does not say. */
  model: string | null;
  /** UTC calendar day (`YYYY-MM-DD`), ledgers only. */
  day?: string;
  tokens: TokenVolume;
  requests: number;
  estimated?: boolean;
}

export interface UsageSource {
  kind: 'bench' | 'chat' | 'ledger';
  file: string;
  records: UsageRecord[];
  warnings: string[];
  notes: string[];
}

export function volumeOf(u: LedgerUsage): TokenVolume {
  return {
    input: u.prompt_tokens,
    cachedInput: Math.min(u.cached_tokens ?? 0, u.prompt_tokens),
    output: u.completion_tokens,
    reasoning: Math.min(u.reasoning_tokens ?? 0, u.completion_tokens),
  };
}

const KNOWN =
  'a bench result (shepherd.bench/v1), a chat --json document (shepherd.chat/v1) or a usage ledger (JSONL)';

/** Reads `--from`: `usage` means the ledger at `ledgerPath`; anything else is a file (relative to cwd). */
export async function readUsageSource(
  from: string,
  ledgerPath: string,
  cwd: string,
): Promise<UsageSource> {
  if (from === 'usage') {
    const text = await readText(ledgerPath, true);
    if (text === undefined) {
      return {
        kind: 'ledger',
        file: ledgerPath,
        records: [],
        warnings: [],
        notes: [`no usage recorded yet in ${ledgerPath} (shepherd chat writes it unless --no-log)`],
      };
    }
    return fromLedger(text, ledgerPath, false);
  }
  const file = resolve(cwd, from);
  const text = (await readText(file, false)) ?? '';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fromLedger(text, file, true);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new UsageError(`--from ${from}: not ${KNOWN}; give one of those`);
  }
  const schema = (doc as Record<string, unknown>).schema;
  if (schema === 'shepherd.bench/v1') {
    // The same validator as `bench merge` and `--baseline`: a file one rejects, all reject.
    parseBenchResult(doc, `--from ${from}`);
    return fromBench(doc as Record<string, unknown>, file);
  }
  if (schema === 'shepherd.chat/v1') return fromChat(doc as Record<string, unknown>, file);
  if (schema === undefined && 'ts' in doc) return fromLedger(text, file, true);
  throw new UsageError(
    `--from ${from}: ${schema === undefined ? 'no "schema" field' : `schema ${JSON.stringify(schema)}`}; expected ${KNOWN}`,
  );
}

async function readText(file: string, missingOk: boolean): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingOk) return undefined;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (code ?? 'unreadable');
    throw new UsageError(
      `--from: cannot read ${file} (${why}); give a bench result, a chat --json document or "usage"`,
    );
  }
}

function fromLedger(text: string, file: string, explicit: boolean): UsageSource {
  const parsed = parseLedger(text);
  if (explicit && parsed.lines.length === 0 && parsed.bad.length === 0) {
    throw new UsageError(`--from ${file}: the file is empty; expected ${KNOWN}`);
  }
  // A file named with --from that has no ledger line is the wrong file (exit 2); the ledger
  // shepherd keeps itself is read whatever it holds: its bad lines are skipped with a count.
  if (explicit && parsed.lines.length === 0 && parsed.bad.length > 0) {
    throw new UsageError(
      `--from ${file}: not ${KNOWN} (line ${parsed.bad[0]?.line}: ${parsed.bad[0]?.reason}); give one of those`,
    );
  }
  const source: UsageSource = { kind: 'ledger', file, records: [], warnings: [], notes: [] };
  const first = parsed.bad[0];
  if (first) {
    source.warnings.push(
      `skipped ${parsed.bad.length} unreadable line${parsed.bad.length === 1 ? '' : 's'} in ${file} (first: line ${first.line}, ${first.reason})`,
    );
  }
  let unbilled = 0;
  let unmetered = 0;
  for (const line of parsed.lines) {
    if (!line.usage) {
      if (line.outcome === 'ok') unmetered += 1;
      else unbilled += 1;
      continue;
    }
    source.records.push({
      label: line.model ?? 'unknown',
      model: line.model,
      day: new Date(line.ts).toISOString().slice(0, 10),
      tokens: volumeOf(line.usage),
      requests: 1,
    });
  }
  if (unbilled > 0) {
    source.notes.push(
      `${unbilled} failed call${unbilled === 1 ? '' : 's'} without usage ${unbilled === 1 ? 'is' : 'are'} not priced`,
    );
  }
  if (unmetered > 0) {
    source.warnings.push(
      `${unmetered} answered call${unmetered === 1 ? '' : 's'} came without a usage block (the gateway sent none) and ${unmetered === 1 ? 'is' : 'are'} not priced: the total is a lower bound`,
    );
  }
  return source;
}

function fromChat(doc: Record<string, unknown>, file: string): UsageSource {
  const source: UsageSource = { kind: 'chat', file, records: [], warnings: [], notes: [] };
  const usage = parseUsage(doc.usage);
  const model = typeof doc.model === 'string' ? doc.model : null;
  if (model !== null && !usage) {
    source.warnings.push(
      `${file}: ${model} answered but the gateway sent no usage block, so the answer is not priced: the total is a lower bound`,
    );
    return source;
  }
  if (!usage || model === null) {
    source.notes.push(
      `${file}: no model answered or no usage was reported, so nothing is priced (failed attempts are not billed)`,
    );
    return source;
  }
  source.records.push({ label: model, model, tokens: volumeOf(usage), requests: 1 });
  return source;
}

function fromBench(doc: Record<string, unknown>, file: string): UsageSource {
  const source: UsageSource = { kind: 'bench', file, records: [], warnings: [], notes: [] };
  const targets = Array.isArray(doc.targets) ? doc.targets : undefined;
  if (!targets) throw new UsageError(`--from ${file}: the bench result has no "targets" list`);
  const duration = typeof doc.duration_s === 'number' ? doc.duration_s : undefined;
  const estimated: string[] = [];
  const partial: string[] = [];
  for (const raw of targets) {
    if (typeof raw !== 'object' || raw === null) continue;
    const t = raw as Record<string, unknown>;
    const model = typeof t.model === 'string' ? t.model : null;
    const name = typeof t.name === 'string' ? t.name : (model ?? 'unknown');
    const requests =
      typeof t.ok === 'number' ? t.ok : typeof t.requests === 'number' ? t.requests : 0;
    // Some ok requests came without a usage block: `usage` covers only the others.
    const chunks = t.tokens_source === 'chunks';
    if (chunks) partial.push(name);
    const byModel = t.usage_by_model;
    if (typeof byModel === 'object' && byModel !== null && !Array.isArray(byModel)) {
      for (const [m, u] of Object.entries(byModel)) {
        const usage = parseUsage(u);
        if (!usage) continue;
        const req =
          typeof (u as Record<string, unknown>).requests === 'number'
            ? ((u as Record<string, unknown>).requests as number)
            : 0;
        source.records.push({
          label: name === m ? m : `${name}/${m}`,
          model: m,
          tokens: volumeOf(usage),
          requests: req,
        });
      }
      continue;
    }
    const usage = parseUsage(t.usage);
    // A route target (`a>b>c`) prices per answering model (usage_by_model above); one with no
    // answered request has nothing to price, and is not an unpriced model.
    if (model?.includes('>') && requests === 0) continue;
    const rate = typeof t.output_tokens_per_s === 'number' ? t.output_tokens_per_s : undefined;
    const counted = typeof t.output_tokens === 'number' ? t.output_tokens : undefined;
    if (usage && chunks) {
      // output_tokens counts every ok request (usage where sent, content chunks otherwise).
      const tokens = volumeOf(usage);
      tokens.output = Math.max(tokens.output, counted ?? 0);
      source.records.push({ label: name, model, tokens, requests, estimated: true });
      continue;
    }
    if (usage) {
      source.records.push({ label: name, model, tokens: volumeOf(usage), requests });
      continue;
    }
    // The rate is over the target's own active window when the file gives it (active_s).
    const window = typeof t.active_s === 'number' ? t.active_s : duration;
    const output =
      counted ?? (rate !== undefined && window !== undefined ? Math.round(rate * window) : 0);
    source.records.push({
      label: name,
      model,
      tokens: { input: 0, cachedInput: 0, output, reasoning: 0 },
      requests,
      estimated: true,
    });
    estimated.push(name);
  }
  if (partial.length > 0) {
    source.warnings.push(
      `${file}: some ok requests of ${partial.join(', ')} came without a usage block (tokens_source "chunks"), so their prompt tokens are not priced and their output is counted from content chunks: the cost is a lower bound`,
    );
  }
  if (estimated.length > 0) {
    source.warnings.push(
      `${file} has no prompt token counts for ${estimated.join(', ')} (targets[].usage): input is not priced and output comes from targets[].output_tokens (or output_tokens_per_s × duration_s), so the cost is a lower bound`,
    );
  }
  return source;
}
