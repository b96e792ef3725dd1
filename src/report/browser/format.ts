import type { ChartAxis } from '../chart-types.js';

/** Tick and legend text for an axis format (the page's only number formatting). */
export function formatValue(format: ChartAxis['format'], v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (format) {
    case 'percent':
      return `${trim((v * 100).toFixed(Math.abs(v * 100) < 10 && v !== 0 ? 1 : 0))}%`;
    case 'ms':
      if (Math.abs(v) >= 1000) return `${trim((v / 1000).toPrecision(3))} s`;
      return `${trim(Math.abs(v) < 1 ? v.toPrecision(2) : v.toPrecision(3))} ms`;
    case 'seconds':
      return `${trim(v.toFixed(v % 1 === 0 ? 0 : 1))} s`;
    default:
      return Math.abs(v) >= 1000 ? trim(v.toPrecision(4)) : trim(v.toPrecision(3));
  }
}

/** Drops trailing zeros of a decimal (`1.50` → `1.5`, `2.0` → `2`), leaving integers alone. */
function trim(text: string): string {
  if (!text.includes('.') || text.includes('e')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/** `#rrggbb` with an alpha, for band fills. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
