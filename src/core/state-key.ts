/**
 * The key of a model's breaker and health state (in memory and in health.json): the gateway's
 * base URL and the model name, so failures through one gateway never skip the model on
 * another (`--base-url A` and `--base-url B`, two named gateways serving one model).
 *
 * The base URL is keyed without its query, fragment or credentials (they may hold a key, and
 * health.json must never), as `<origin><path> <model>`, e.g. `https://gw.example/v1 gpt-4.1`.
 * An entry written by an older shepherd under the bare model name has no space-separated
 * URL: it is never looked up, and goes stale and is dropped like any other entry.
 */
export function stateKey(baseUrl: string, model: string): string {
  let where = baseUrl;
  try {
    const url = new URL(baseUrl);
    where = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    where = baseUrl.replace(/[?#].*$/, '').replace(/\/+$/, '');
  }
  return `${where} ${model}`;
}
