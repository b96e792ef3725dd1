import type { Dispatcher } from 'undici';
import { createDispatcher } from '../core/transport.js';

/** How long one webhook POST may take before it is given up (a dead receiver never stalls a watch). */
export const WEBHOOK_TIMEOUT_MS = 5000;

/**
 * POSTs ALERT/RECOVERED events as JSON, one at a time in order, in the background.
 * Failures are reported through `warn` (naming only the receiver's origin: webhook paths
 * often hold a secret token) and never thrown. Honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY.
 */
export class WebhookSender {
  readonly #url: URL;
  readonly #warn: (text: string) => void;
  readonly #dispatcher: Dispatcher;
  readonly #timeoutMs: number;
  #queue: Promise<void> = Promise.resolve();
  /** Aborted when close() has waited long enough: what is still queued is given up. */
  readonly #stop = new AbortController();
  sent = 0;
  failed = 0;
  /** Events given up at close (still queued or in flight when the drain time ran out). */
  dropped = 0;

  constructor(
    url: URL,
    env: Record<string, string | undefined>,
    warn: (text: string) => void,
    timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {
    this.#url = url;
    this.#warn = warn;
    this.#timeoutMs = timeoutMs;
    this.#dispatcher = createDispatcher(env, {
      connect: { timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    }).dispatcher;
  }

  /** Queues one event; `label` names it in a warning (e.g. `ALERT for a`). */
  send(payload: Record<string, unknown>, label: string): void {
    this.#queue = this.#queue.then(() => this.#post(payload, label));
  }

  async #post(payload: Record<string, unknown>, label: string): Promise<void> {
    const where = `webhook ${this.#url.origin}`;
    if (this.#stop.signal.aborted) {
      this.failed++;
      this.dropped++;
      return;
    }
    try {
      const res = await this.#dispatcher.request({
        origin: this.#url.origin,
        path: `${this.#url.pathname}${this.#url.search}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'shepherd-health' },
        body: JSON.stringify(payload),
        signal: AbortSignal.any([AbortSignal.timeout(this.#timeoutMs), this.#stop.signal]),
      });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode >= 300) {
        this.failed++;
        this.#warn(`warning: ${where} answered HTTP ${res.statusCode} to the ${label}`);
        return;
      }
      this.sent++;
    } catch (err) {
      this.failed++;
      if (this.#stop.signal.aborted) {
        this.dropped++;
        return;
      }
      const reason =
        err instanceof Error
          ? err.name === 'TimeoutError'
            ? `no answer within ${this.#timeoutMs} ms`
            : err.message
          : String(err);
      this.#warn(`warning: ${where} failed for the ${label}: ${reason}`);
    }
  }

  /**
   * Waits for queued events, but no longer than one timeout in all (a dead receiver with
   * ten queued events must not hold Ctrl-C for 50 s); what is left is given up with one
   * warning. Then closes the connection pool.
   */
  async close(): Promise<void> {
    const timer = setTimeout(() => this.#stop.abort(), this.#timeoutMs);
    try {
      await this.#queue;
    } finally {
      clearTimeout(timer);
    }
    if (this.dropped > 0) {
      this.#warn(
        `warning: webhook ${this.#url.origin}: gave up on ${this.dropped} event${this.dropped === 1 ? '' : 's'} not delivered within ${this.#timeoutMs} ms of the end of the watch`,
      );
    }
    await (this.#stop.signal.aborted ? this.#dispatcher.destroy() : this.#dispatcher.close());
  }
}
