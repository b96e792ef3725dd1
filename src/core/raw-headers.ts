/**
 * Response headers as undici's dispatch API hands them over: a flat list of name, value,
 * name, value … as Buffers. Reading one header looks only at names of its length, so a
 * successful answer costs no header object.
 */
export type RawHeaders = readonly (Buffer | string | Buffer[])[];

const text = (v: Buffer | string | Buffer[]): string =>
  typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.map((b) => b.toString('latin1')).join(', ')
      : v.toString('latin1');

/** The value of header `name` (lower-case), repeated ones joined with `, `; undefined when absent. */
export function rawHeader(raw: RawHeaders, name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i] as Buffer | string;
    if (key.length !== name.length || text(key).toLowerCase() !== name) continue;
    const v = text(raw[i + 1] as Buffer | string);
    value = value === undefined ? v : `${value}, ${v}`;
  }
  return value;
}

/** Every header as a record with lower-case names (a repeated one as a list), for the rare paths. */
export function headerRecord(raw: RawHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = text(raw[i] as Buffer | string).toLowerCase();
    const v = text(raw[i + 1] as Buffer | string);
    const had = out[key];
    out[key] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}
