/**
 * Redirects. shepherd never follows one: undici would not forward `Authorization` to another
 * address, and a POST turned into a GET by a 302 is never the answer anyway. A redirect means
 * the base URL is wrong (http → https, a missing or extra path segment, a login page), so it
 * is classed `not_found` (the API is not served at this address: no retry, fail over) and its
 * message names where the gateway points, so the user can fix the base URL.
 */

/** True for the statuses that carry a `Location` (301, 302, 303, 307, 308, and any 3xx). */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

const MAX_SHOWN = 200;

/**
 * `redirects to <absolute target>; …`, or `redirects without a Location; …`. The target is
 * resolved against the request URL, stripped of control characters and cut to 200
 * characters. Callers redact keys from the message (a target may carry one in its query).
 */
export function redirectText(location: unknown, requestUrl: string): string {
  const raw = Array.isArray(location) ? location[0] : location;
  const advice =
    'shepherd does not follow redirects (the API key would not go with it): set the base URL to the address the gateway serves';
  if (typeof raw !== 'string' || raw.trim() === '') {
    return `redirects without a Location; ${advice}`;
  }
  let target = raw.trim();
  try {
    target = new URL(target, requestUrl).href;
  } catch {
    // not a URL: shown as sent
  }
  // eslint-disable-next-line no-control-regex
  target = target.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  if (target.length > MAX_SHOWN) target = `${target.slice(0, MAX_SHOWN)}…`;
  return `redirects to ${target}; ${advice}`;
}
