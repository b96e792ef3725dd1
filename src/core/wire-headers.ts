import type { AttemptSpec } from './attempt-spec.js';

/**
 * The request headers of a chat attempt as undici's flat list, built once per gateway header
 * set, key and stream mode and reused by every request after: a bench sends the same headers
 * tens of thousands of times a second. The gateway's own headers override the defaults.
 */
interface Built {
  userAgent: string;
  json?: string[];
  stream?: string[];
}

const NO_KEY = {};
const cache = new WeakMap<object, WeakMap<object, Built>>();

export function wireHeaders(spec: AttemptSpec): string[] {
  let byKey = cache.get(spec.headers);
  if (!byKey) cache.set(spec.headers, (byKey = new WeakMap()));
  const keyObj = spec.key?.key ?? NO_KEY;
  let built = byKey.get(keyObj);
  if (!built || built.userAgent !== spec.userAgent) {
    built = { userAgent: spec.userAgent };
    byKey.set(keyObj, built);
  }
  const stream = spec.request.stream;
  const hit = stream ? built.stream : built.json;
  if (hit) return hit;
  const record: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'user-agent': spec.userAgent,
    ...spec.headers,
  };
  if (spec.key) record.authorization = `Bearer ${spec.key.key.reveal()}`;
  const flat = Object.entries(record).flat();
  if (stream) built.stream = flat;
  else built.json = flat;
  return flat;
}
