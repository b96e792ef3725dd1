/** Recognising values that may be secrets, so they are never printed as they are. */
import { fingerprint } from '../core/keys.js';

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
