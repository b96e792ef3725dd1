/** Recognising values that may be secrets, so they are never printed as they are. */
import { fingerprint } from './keys.js';
import { redactUrlCredentials } from './redaction.js';

/** A long token without spaces (an API key, a bearer token) or a URL with credentials. */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return /^[^/]*\/\/[^/]*@/.test(v);
  return /^\S{20,}$/.test(v);
}

/**
 * Header names whose values are credentials: `authorization`, `proxy-authorization`,
 * `api-key`, `x-api-key`, `cookie`, and any name ending in `-key`, `-token`, `-secret`
 * (or `-password`, `apikey`). Every other header (`x-portkey-provider`, `x-region`) is
 * shown as it is and its value is never hidden in other text.
 */
const CREDENTIAL_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'apikey',
  'x-api-key',
  'cookie',
]);
const CREDENTIAL_SUFFIX = /[-_](?:key|token|secret|password)$/;

export function isCredentialHeader(name: string): boolean {
  const n = name.trim().toLowerCase();
  return CREDENTIAL_NAMES.has(n) || CREDENTIAL_SUFFIX.test(n);
}

/** A header value fit to print: a credential header's value becomes `…abcd (redacted)`. */
export function redactHeader(name: string, value: string): string {
  return isCredentialHeader(name)
    ? `${fingerprint(value)} (redacted)`
    : redactUrlCredentials(value);
}

/**
 * The values of a gateway's credential headers (those `redactHeader` hides), plus
 * the token of a `Scheme token` value (`Bearer sk-…`), so text a server echoes back can be
 * redacted like an API key.
 */
export function secretHeaderValues(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isCredentialHeader(name)) continue;
    const trimmed = value.trim();
    out.push(trimmed);
    const token = /^[A-Za-z][\w-]*\s+(\S+)$/.exec(trimmed)?.[1];
    if (token !== undefined) out.push(token);
  }
  // Longest first, so a whole `Bearer token` is replaced before its token alone.
  return out.sort((a, b) => b.length - a.length);
}
