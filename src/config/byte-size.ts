/**
 * Byte sizes in config files: a whole number of bytes, or a number with a unit
 * (`16MB`, `512 KB`, `1.5GB`; KB/MB/GB are binary multiples: 1 MB = 1,048,576 bytes).
 */
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

export function tryParseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase().replace('ib', 'b');
  const bytes = Math.floor(Number(m[1]) * (UNITS[unit] ?? 1));
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
