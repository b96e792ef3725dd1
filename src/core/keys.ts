import { inspect } from 'node:util';
import { redactSecrets } from './redaction.js';
import { printableLine } from './terminal-text.js';

/**
 * An API key that cannot leak by accident: its value is in a private field and every
 * way of turning it into text (String, JSON, util.inspect, template literals) gives the
 * redacted fingerprint `sk-…abcd`. Only `reveal()` returns the value, for the
 * Authorization header and nothing else.
 */
export class ApiKey {
  readonly #value: string;
  /** Where it came from, e.g. `env SHEPHERD_API_KEY`. */
  readonly source: string;

  constructor(value: string, source: string) {
    this.#value = value;
    this.source = source;
  }

  reveal(): string {
    return this.#value;
  }

  /** `sk-…abcd`: a prefix up to the first dash (max 3 chars) and the last 4 chars. */
  get fingerprint(): string {
    return fingerprint(this.#value);
  }

  toString(): string {
    return this.fingerprint;
  }

  toJSON(): string {
    return this.fingerprint;
  }

  [inspect.custom](): string {
    return `ApiKey(${this.fingerprint})`;
  }
}

export function fingerprint(value: string): string {
  if (value.length < 12) return '…' + '*'.repeat(Math.min(4, value.length));
  const dash = value.indexOf('-');
  const prefix = dash > 0 && dash <= 3 ? value.slice(0, dash + 1) : '';
  return `${prefix}…${value.slice(-4)}`;
}

/**
 * Text from elsewhere (server bodies, error causes) made fit to print on one line: control
 * characters and line breaks removed (no terminal escapes, no forged lines), then every
 * occurrence of a known key replaced with its fingerprint, a key cut short at the end of the
 * text too, and the credentials of any URL in it.
 */
export function redact(text: string, keys: readonly ApiKey[]): string {
  return redactSecrets(
    printableLine(text),
    keys.map((k) => ({ value: k.reveal(), shown: k.fingerprint })),
  );
}

/**
 * Keys of one gateway, spread over requests in turn. A key answered with 401 is set aside;
 * it comes back after `cooldownMs` (a brief 401 in a long watch or bench does not cost the
 * key for good). When every key is set aside, `next()` gives the one set aside longest ago:
 * a gateway with keys never gets a request without one.
 */
export class KeyPool {
  readonly #keys: readonly ApiKey[];
  /** `{ key, index }` per key: what `next()` hands out, made once rather than per request. */
  readonly #picks: readonly { key: ApiKey; index: number }[];
  /** Index → when it was set aside (the pool's clock). */
  readonly #asideSince = new Map<number, number>();
  readonly #now: () => number;
  readonly #cooldownMs: number;
  #cursor = 0;

  constructor(keys: readonly ApiKey[], options: { now?: () => number; cooldownMs?: number } = {}) {
    this.#keys = keys;
    this.#picks = keys.map((key, index) => Object.freeze({ key, index }));
    this.#now = options.now ?? (() => performance.now());
    this.#cooldownMs = options.cooldownMs ?? Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.#keys.length;
  }

  get keyless(): boolean {
    return this.#keys.length === 0;
  }

  get available(): number {
    this.#restore();
    return this.#keys.length - this.#asideSince.size;
  }

  /**
   * The next usable key in turn, with its index; undefined only for a keyless pool. With every
   * key set aside, the one set aside longest ago.
   */
  next(): { key: ApiKey; index: number } | undefined {
    this.#restore();
    const picks = this.#picks;
    for (let i = 0; i < picks.length; i++) {
      const index = (this.#cursor + i) % picks.length;
      if (!this.#asideSince.has(index)) {
        this.#cursor = index + 1;
        return picks[index];
      }
    }
    let oldest: number | undefined;
    for (const [index, since] of this.#asideSince) {
      if (oldest === undefined || since < (this.#asideSince.get(oldest) ?? Infinity))
        oldest = index;
    }
    return oldest === undefined ? undefined : picks[oldest];
  }

  /** Sets a key aside (after a 401) until the cooldown has passed. */
  disable(index: number): void {
    this.#asideSince.set(index, this.#now());
  }

  all(): readonly ApiKey[] {
    return this.#keys;
  }

  /** Keys whose cooldown has passed are usable again. */
  #restore(): void {
    if (this.#asideSince.size === 0 || !Number.isFinite(this.#cooldownMs)) return;
    const now = this.#now();
    for (const [index, since] of this.#asideSince) {
      if (now - since >= this.#cooldownMs) this.#asideSince.delete(index);
    }
  }
}
