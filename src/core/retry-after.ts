type HeaderValue = string | string[] | undefined;

const first = (v: HeaderValue): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * Retry-After in milliseconds from `retry-after-ms` (ms), or `retry-after` as delta-seconds
 * or an HTTP date (relative to `wallNow`). undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: Record<string, HeaderValue>,
  wallNow: number,
): number | undefined {
  const ms = first(headers['retry-after-ms']);
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const value = first(headers['retry-after']);
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - wallNow);
}
