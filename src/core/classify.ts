import type { InBandError } from './chunk.js';
import type { ErrorClass } from './errors.js';

/** SPEC §2: exactly one class per failed attempt. */

const SERVER_STATUSES = new Set([500, 502, 503, 504, 529]);

/** Classifies a non-2xx HTTP response from its status and (parsed) error body. */
export function classifyHttp(status: number, body: ErrorBody | undefined): ErrorClass {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (SERVER_STATUSES.has(status) || status >= 500) return 'server_error';
  if (status === 400 || status === 413 || status === 422) return classifyRefusal(body);
  return 'bad_request';
}

/** A 400-family body: context length, content filter, or another bad request. */
function classifyRefusal(body: ErrorBody | undefined): ErrorClass {
  const text = `${body?.code ?? ''} ${body?.type ?? ''} ${body?.message ?? ''}`.toLowerCase();
  if (/context_length_exceeded|maximum context length|context window|too many tokens/.test(text)) {
    return 'context_length';
  }
  if (/content_policy_violation|content_filter|content policy|safety system/.test(text)) {
    return 'content_filter';
  }
  return 'bad_request';
}

/** An error object sent in-band in a stream after the response started. */
export function classifyInBand(error: InBandError): ErrorClass {
  const status = typeof error.status === 'number' ? error.status : undefined;
  const text = `${error.code ?? ''} ${error.type ?? ''} ${error.message}`.toLowerCase();
  if (status !== undefined && status >= 400) {
    const byStatus = classifyHttp(status, error);
    if (byStatus !== 'bad_request') return byStatus;
  }
  if (/rate_limit|rate limit|too many requests/.test(text)) return 'rate_limited';
  if (/context_length_exceeded|maximum context length/.test(text)) return 'context_length';
  if (/content_policy_violation|content_filter/.test(text)) return 'content_filter';
  return 'server_error';
}

/** Network-level failures by Node/undici error code, before any response arrived. */
export function classifyNetworkError(err: unknown): ErrorClass {
  const code = errorCode(err);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return 'timeout';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  if (code === 'SHEPHERD_RESPONSE_TOO_LARGE') return 'bad_response';
  return 'network';
}

export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    e = (e as { cause?: unknown }).cause;
  }
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

export interface ErrorBody {
  message?: string;
  type?: string;
  code?: string | number;
}

/** Reads `{error:{message,type,code}}` (OpenAI), `{error:"..."}`, `{message}` or plain text. */
export function parseErrorBody(text: string): ErrorBody | undefined {
  if (!text) return undefined;
  try {
    const obj = JSON.parse(text) as Record<string, unknown>;
    const err = obj.error ?? obj;
    if (typeof err === 'string') return { message: err };
    if (typeof err === 'object' && err !== null) {
      const e = err as Record<string, unknown>;
      const out: ErrorBody = {};
      if (typeof e.message === 'string') out.message = e.message;
      if (typeof e.type === 'string') out.type = e.type;
      if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
      return out;
    }
  } catch {
    // not JSON: keep the first line of the text
  }
  return { message: text.split('\n')[0]?.slice(0, 300) ?? '' };
}
