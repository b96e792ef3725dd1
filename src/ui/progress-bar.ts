/** A fraction 0..1 as a bar of exactly `width` cells, with eighth-cell resolution. */

const PARTIALS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;
export const BAR_FULL = '█';
export const BAR_EMPTY = '░';

export function progressBar(fraction: number, width: number): string {
  const w = Math.max(0, Math.floor(width));
  if (w === 0) return '';
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.floor(f * w * 8);
  const full = Math.floor(eighths / 8);
  const partial = full < w ? (PARTIALS[eighths % 8] ?? '') : '';
  const used = full + (partial ? 1 : 0);
  return BAR_FULL.repeat(full) + partial + BAR_EMPTY.repeat(w - used);
}
