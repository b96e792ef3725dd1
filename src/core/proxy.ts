/** Proxy URLs for messages: never with the user:password part. */
export function stripCredentials(proxy: string): string {
  try {
    const url = new URL(proxy);
    if (url.username === '' && url.password === '') return proxy;
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, proxy.endsWith('/') ? '/' : '');
  } catch {
    const at = proxy.lastIndexOf('@');
    return at >= 0 ? proxy.slice(at + 1) : proxy;
  }
}
