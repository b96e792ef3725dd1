import { printableLine } from './terminal-text.js';

/**
 * The ids of an OpenAI-style `GET /models` answer (`{"data":[{"id":…}]}`); undefined when the
 * body is not JSON or has no `data` array (not a model list at all).
 */
export function parseModelList(body: string): string[] | undefined {
  try {
    const doc = JSON.parse(body) as { data?: unknown };
    if (!Array.isArray(doc.data)) return undefined;
    return (doc.data as { id?: unknown }[])
      .map((m) => m?.id)
      .filter((id): id is string => typeof id === 'string')
      .map(printableLine);
  } catch {
    return undefined;
  }
}
