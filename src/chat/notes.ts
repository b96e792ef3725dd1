import type { ChainEvent } from '../core/client.js';

/** One stderr line per chain event, e.g. `gpt-4.1 failed (rate_limited, HTTP 429); trying claude-sonnet-4.5`. */
export function failoverNote(e: ChainEvent): string | undefined {
  const http = (s: number | undefined): string => (s !== undefined ? `, HTTP ${s}` : '');
  switch (e.type) {
    case 'failover':
      return `${e.from} failed (${e.cls}${http(e.httpStatus)}); trying ${e.to}`;
    case 'retry':
      return `${e.model} failed (${e.cls}${http(e.httpStatus)}); retrying in ${(e.delayMs / 1000).toFixed(1)}s`;
    case 'skip':
      return `${e.model} skipped (${e.reason})`;
    case 'key_rotated':
      return `key rejected on gateway ${e.gateway} (${e.cls}); trying the next key`;
  }
}
