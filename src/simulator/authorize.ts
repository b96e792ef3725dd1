import type { Exchange } from './exchange.js';
import { errorBody } from './openai-shapes.js';

/** Checks `Authorization: Bearer <key>`; answers 401 (never echoing the key) when it fails. */
export function authorize(x: Exchange, apiKeys: readonly string[]): boolean {
  const header = x.req.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  const index = match ? apiKeys.indexOf(match[1]!.trim()) : -1;
  x.entry.authorized = index >= 0;
  if (index >= 0) {
    x.entry.keyIndex = index;
    return true;
  }
  x.json(
    401,
    errorBody({
      message: header
        ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    }),
  );
  return false;
}
