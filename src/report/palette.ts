/** One colour per target, in target order; a baseline run reuses its target's colour, dashed. */
const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#4b5563',
  '#65a30d',
];

export function targetColor(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

/** Dash patterns: a baseline run, and a second percentile (p99) beside a solid p50. */
export const BASELINE_DASH = [6, 4];
export const SECOND_DASH = [2, 3];

/** Error classes of one target share its colour and differ by dash, in order of first appearance. */
const CLASS_DASHES: (number[] | undefined)[] = [undefined, [6, 3], [2, 2], [8, 3, 2, 3], [1, 4]];

export function classDash(index: number): number[] | undefined {
  return CLASS_DASHES[index % CLASS_DASHES.length];
}
