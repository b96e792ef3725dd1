/** Reads a response body as UTF-8, keeping at most about `limit` bytes (the rest is drained). */
export async function readLimited(body: AsyncIterable<unknown>, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size < limit) parts.push(buf);
    size += buf.length;
  }
  return Buffer.concat(parts).toString('utf8');
}
