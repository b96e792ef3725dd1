import { fingerprint } from './keys.js';
import { redactUrl } from './redaction.js';
import { looksLikeSecret } from './secrets.js';

/**
 * Proxy URLs for messages and `shepherd config`: never with the user:password part or a
 * key-like query parameter; a value that is not an http(s) URL at all (a key pasted into
 * HTTPS_PROXY by mistake) is shown only as a fingerprint when it looks like a secret.
 */
export function stripCredentials(proxy: string): string {
  try {
    const url = new URL(proxy);
    if (!/^https?:$/.test(url.protocol)) return notAUrl(proxy);
    if (url.username === '' && url.password === '') return redactUrl(proxy);
    url.username = '';
    url.password = '';
    return redactUrl(url.toString().replace(/\/$/, proxy.endsWith('/') ? '/' : ''));
  } catch {
    const at = proxy.lastIndexOf('@');
    return notAUrl(at >= 0 ? proxy.slice(at + 1) : proxy);
  }
}

function notAUrl(text: string): string {
  return looksLikeSecret(text) ? `${fingerprint(text)} (redacted: it may be a secret)` : text;
}
