import type { Socket } from 'node:net';
import type { Exchange, SendClock } from './exchange.js';
import type { SimLogEntry } from './log.js';
import type { ModelTable } from './model-table.js';

/** The mutable state of one running simulator, shared by its request handlers. */
export interface SimState {
  readonly models: ModelTable;
  readonly seed: number;
  /** When set, /v1 requests need one of these as a Bearer key. */
  readonly apiKeys: readonly string[] | undefined;
  readonly log: SimLogEntry[];
  /** performance.now() at start: log times are relative to it. */
  readonly started: number;
  readonly sockets: Set<Socket>;
  readonly exchanges: Set<Exchange>;
  readonly onRequest: ((entry: SimLogEntry) => void) | undefined;
  /** The one send wheel of every timed send, and the record of what was sent when. */
  readonly clock: SendClock;
  /** Chat requests answered since start (or the last reset): seeds each answer's draws. */
  chatIndex: number;
  /** performance.now() of the first chat request (scripted outages count from it). */
  firstChatAt?: number | undefined;
  closing: boolean;
}
