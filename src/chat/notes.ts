import type { ChainEvent } from '../core/client.js';

/**
 * One stderr line per chain event, e.g. `gpt-4.1 failed (rate_limited, HTTP 429); trying
 * claude-sonnet-4.5 (1 left)`. `left(model)`: how many models of the chain come after it.
 */
export function failoverNote(
  e: ChainEvent,
  left?: (model: string) => number | undefined,
): string | undefined {
  const http = (s: number | undefined): string => (s !== undefined ? `, HTTP ${s}` : '');
  switch (e.type) {
    case 'failover': {
      const ra = e.retryAfterMs !== undefined ? `, Retry-After ${seconds(e.retryAfterMs)}` : '';
      const n = left?.(e.to);
      const more = n === undefined ? '' : n === 0 ? ' (the last)' : ` (${n} left)`;
      return `${e.from} failed (${e.cls}${http(e.httpStatus)}${ra}); trying ${e.to}${more}`;
    }
    case 'retry':
      return `${e.model} failed (${e.cls}${http(e.httpStatus)}); retrying in ${seconds(e.delayMs)}`;
    case 'skip':
      return `${e.model} skipped (${e.reason})`;
    case 'hedge':
      return `${e.from}: no first token after ${seconds(e.afterMs)}; hedging with ${e.to} (the first to answer wins)`;
    case 'key_rotated':
      return e.cls === 'rate_limited'
        ? `key rate-limited on gateway ${e.gateway} (HTTP 429); trying the next key`
        : `key rejected on gateway ${e.gateway} (${e.cls}); trying the next key`;
  }
}

/** `0.3s`, `2.0s`: one decimal, as the notes show waits; under 0.1 s in whole ms (`12ms`), never `0.0s`. */
function seconds(ms: number): string {
  return ms < 100 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}
