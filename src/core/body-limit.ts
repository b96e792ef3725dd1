/**
 * Size limits on what a gateway sends, so a hostile or broken server cannot flood memory:
 * a completion, a model list or an error body larger than the limit is a `bad_response`
 * naming its size, and the rest of it is never read.
 */

/** Default limit of one response body (a non-stream completion, a model list): 16 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * A streamed answer may be this many times the limit in all: SSE repeats its framing for
 * every token (~150–250 bytes a token), so 64 MiB by default is some 300,000 tokens.
 */
export const STREAM_LIMIT_FACTOR = 4;

/** Thrown by readCapped; `code` lets the network-error classifier class it `bad_response`. */
export class ResponseTooLarge extends Error {
  readonly code = 'SHEPHERD_RESPONSE_TOO_LARGE';
  constructor(
    readonly what: string,
    readonly received: number,
    readonly limit: number,
  ) {
    super(
      `${what} sent more than ${formatBytes(limit)} (${formatBytes(received)} received before it was cut off); raise limits.maxResponseBody if that is expected`,
    );
    this.name = 'ResponseTooLarge';
  }
}

/** Reads a whole body as UTF-8 text, throwing ResponseTooLarge once it passes `limit` bytes. */
export async function readCapped(
  body: AsyncIterable<unknown>,
  limit: number,
  what: string,
): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new ResponseTooLarge(what, size, limit);
    parts.push(buf);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Counts the bytes of a stream as they arrive; throws once they pass the limit. */
export class ByteBudget {
  #size = 0;
  constructor(
    readonly limit: number,
    readonly what: string,
  ) {}

  add(bytes: number): void {
    this.#size += bytes;
    if (this.#size > this.limit) throw new ResponseTooLarge(this.what, this.#size, this.limit);
  }
}

/** `16 MB`, `512 KB`, `300 B` (binary multiples, as the limit is set). */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const n = bytes / size;
      return `${Number.isInteger(n) ? n : n.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} B`;
}
