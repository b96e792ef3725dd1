/** Recognising values that may be secrets, so they are never printed as they are. */
import { fingerprint } from './keys.js';

/** A long token without spaces (an API key, a bearer token) or a URL with credentials. */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return /^[^/]*\/\/[^/]*@/.test(v);
  return /^\S{20,}$/.test(v);
}

/** Header names whose values are credentials (Authorization, X-Api-Key, *token*, …). */
const CREDENTIAL_HEADER = /auth|key|token|secret|passw|cookie|session|signature|credential/i;

/** A header value fit to print: credential-like values become `…abcd (redacted)`. */
export function redactHeader(name: string, value: string): string {
  return CREDENTIAL_HEADER.test(name) || looksLikeSecret(value)
    ? `${fingerprint(value)} (redacted)`
    : value;
}

/**
 * The secret values among a gateway's configured headers (those `redactHeader` hides), plus
 * the token of a `Scheme token` value (`Bearer sk-…`), so text a server echoes back can be
 * redacted like an API key.
 */
export function secretHeaderValues(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADER.test(name) && !looksLikeSecret(value)) continue;
    const trimmed = value.trim();
    out.push(trimmed);
    const token = /^[A-Za-z][\w-]*\s+(\S+)$/.exec(trimmed)?.[1];
    if (token !== undefined) out.push(token);
  }
  // Longest first, so a whole `Bearer token` is replaced before its token alone.
  return out.sort((a, b) => b.length - a.length);
}
