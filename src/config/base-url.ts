/** Base URLs: any http(s) URL without credentials, kept without a trailing slash. */

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

export function checkBaseUrl(text: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'expected an http(s) URL such as https://gateway.example/v1' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: 'expected an http(s) URL such as https://gateway.example/v1' };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      problem:
        'a base URL must not carry credentials; put the key in an environment variable and name it with apiKeyEnv or --api-key-env',
    };
  }
  return { ok: true, url: text.trim().replace(/\/+$/, '') };
}

/** True when the URL's path ends at `/v1` (the SPEC's form; some gateways differ). */
export function endsAtV1(url: string): boolean {
  return /\/v1$/.test(new URL(url).pathname.replace(/\/+$/, ''));
}
