import type { ErrorClass } from './errors.js';

/** Per-call options of a single attempt. */
export interface AttemptOptions {
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout override (`--timeout`). */
  timeoutMs?: number | undefined;
  intendedStart?: number | undefined;
  /** Keep the answer text in the result (default true; bench turns it off). */
  keepContent?: boolean | undefined;
  onToken?: ((text: string) => void) | undefined;
  onReasoning?: (text: string) => void;
  /** Called once, when the attempt's first content arrives (before its onToken). */
  onFirstToken?: () => void;
  /** This attempt's first-token wait (the chain shortens it to fit the deadline). */
  firstTokenMs?: number;
}

export type ChainEvent =
  | {
      type: 'retry';
      model: string;
      cls: ErrorClass;
      httpStatus?: number;
      delayMs: number;
      attemptNo: number;
    }
  | {
      type: 'failover';
      from: string;
      to: string;
      cls: ErrorClass;
      httpStatus?: number;
      /** The Retry-After the failed model sent (SPEC §4: a 429 shows the Retry-After it got). */
      retryAfterMs?: number;
    }
  | { type: 'skip'; model: string; reason: string }
  /** No first token from `from` after `afterMs`: `to` starts in parallel. */
  | { type: 'hedge'; from: string; to: string; afterMs: number }
  | { type: 'key_rotated'; gateway: string; cls: ErrorClass };

export interface ChainOptions extends AttemptOptions {
  /** Whole-chain deadline (`--deadline`), default settings.timeouts.deadlineMs. */
  deadlineMs?: number;
  onEvent?: (event: ChainEvent) => void;
  /** `--hedge`: overrides `retry.hedge` (ms; off when neither is set). */
  hedgeMs?: number;
  /** Consult and feed the circuit breaker (default true). */
  useBreaker?: boolean;
}
