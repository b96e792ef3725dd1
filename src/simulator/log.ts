/** One request the simulator saw. Never holds the API key, only whether it matched. */
export interface SimLogEntry {
  /** When the request arrived, in ms since the simulator started. */
  time: number;
  method: string;
  path: string;
  /** The `model` field as requested. */
  model?: string;
  stream?: boolean;
  /** HTTP status sent; 0 when no response head was sent (reset, no answer, client left). */
  status: number;
  /** The fault applied, by type. */
  fault?: string;
  /** Set when the simulator checks keys: whether the Authorization header held one. */
  authorized?: boolean;
  /** Which configured key matched (index into apiKeys), never the key itself. */
  keyIndex?: number;
  /** Planned time to first token and output tokens, for comparing with measurements. */
  ttftMs?: number;
  outputTokens?: number;
  /** Time from arrival to getting a slot (capacity.maxConcurrent), ms; absent when none. */
  queuedMs?: number;
  /** As sent: ms from arrival to the write of the first content chunk (streamed answers). */
  sentTtftMs?: number;
  /** As sent: ms from arrival to the last byte of a complete answer. */
  sentMs?: number;
}

/** Entries kept at most; the oldest are dropped beyond it so long load runs stay lean. */
export const LOG_LIMIT = 100_000;

export function pushEntry(log: SimLogEntry[], entry: SimLogEntry): void {
  if (log.length >= LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT + 1);
  log.push(entry);
}
