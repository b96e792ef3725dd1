/**
 * Hiding secrets in text that came from elsewhere (a gateway's error body, an undici error,
 * a proxy variable): every whole secret becomes its fingerprint, a secret cut short at the
 * end of the text (≥ 8 characters of its start) is hidden too, and URLs lose their
 * credentials (user:password and key-like query parameters).
 */

/** A secret as redaction needs it: its value and what to show instead. */
export interface SecretValue {
  value: string;
  shown: string;
}

/** A cut-off secret at the end of a text is hidden from this many characters on. */
export const MIN_SECRET_PREFIX = 8;

/** Replaces every whole secret, then a trailing prefix of one, then URL credentials. */
export function redactSecrets(text: string, secrets: readonly SecretValue[]): string {
  let out = text;
  // Longest first, so a whole `Bearer token` is replaced before its token alone.
  const sorted = [...secrets].sort((a, b) => b.value.length - a.value.length);
  for (const s of sorted) {
    if (s.value.length >= 4 && out.includes(s.value)) out = out.split(s.value).join(s.shown);
  }
  out = redactTrailingPrefix(out, sorted);
  return redactUrlCredentials(out);
}

/**
 * A text cut short (by a length limit) may end in the first part of a secret: when its last
 * characters are the first ≥ MIN_SECRET_PREFIX characters of a secret, they are replaced.
 */
export function redactTrailingPrefix(text: string, secrets: readonly SecretValue[]): string {
  let best: SecretValue | undefined;
  let bestLength = 0;
  for (const s of secrets) {
    const max = Math.min(s.value.length - 1, text.length);
    for (let n = max; n >= MIN_SECRET_PREFIX && n > bestLength; n--) {
      if (text.endsWith(s.value.slice(0, n))) {
        best = s;
        bestLength = n;
        break;
      }
    }
  }
  return best ? `${text.slice(0, text.length - bestLength)}${best.shown}` : text;
}

/** Redacts first, then cuts to `max` characters (with `…`), then hides a trailing prefix. */
export function cutRedacted(text: string, max: number, secrets: readonly SecretValue[]): string {
  const redacted = redactSecrets(text, secrets);
  if (redacted.length <= max) return redacted;
  return `${redactTrailingPrefix(redacted.slice(0, max), secrets)}…`;
}

/** Query parameter names whose values are credentials (`key`, `api_key`, `access_token`, `sig`…). */
const SECRET_PARAM =
  /^(?:.*[-_.])?(?:key|apikey|api-key|token|secret|password|passwd|pwd|sig|signature|auth|credential|credentials)$/i;

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** Every URL in `text` with its user:password part and key-like query values replaced by `***`. */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (match) => {
    // Punctuation that ends a sentence (`…/v1: refused`) is not part of the URL.
    const tail = /[.,:;!?)\]]+$/.exec(match)?.[0] ?? '';
    return redactUrl(match.slice(0, match.length - tail.length)) + tail;
  });
}

/** One URL without its credentials; the rest is kept exactly as written. */
export function redactUrl(url: string): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i, '$1***@');
  out = out.replace(/([?&;])([^=&#;\s]+)=([^&#;\s]*)/g, (whole, sep: string, name: string) =>
    SECRET_PARAM.test(decodeSafe(name)) ? `${sep}${name}=***` : whole,
  );
  return out;
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
