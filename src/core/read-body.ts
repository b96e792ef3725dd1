/**
 * Reads a response body as UTF-8, keeping at most about `limit` bytes; the rest is not read
 * (an endless error body ends here).
 */
export async function readLimited(body: AsyncIterable<unknown>, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    parts.push(buf);
    size += buf.length;
    if (size >= limit) break;
  }
  return Buffer.concat(parts).toString('utf8');
}
