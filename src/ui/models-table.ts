import type { Painter } from './color.js';
import { priceColumn } from './money-column.js';
import { renderTable, type CellValue, type TableColumn } from './table.js';

/** What the models table shows of one model (`shepherd.models/v1` row, structurally). */
export interface ModelTableRow {
  id: string;
  /** The id requests send on this gateway (the listed form). */
  sent_id: string;
  name: string | null;
  aliases: string[];
  routes: string[];
  listed: boolean;
  configured: boolean;
  price?: { input: number; output: number };
  context_window?: number;
}

const COLUMNS: TableColumn[] = [
  { header: 'model', wrap: true, minWidth: 14 },
  { header: 'sent id', wrap: true, minWidth: 14, drop: 3 },
  { header: 'aliases', wrap: true, minWidth: 10, drop: 4 },
  { header: 'routes', wrap: true, minWidth: 10, drop: 2 },
  { header: 'listed' },
  { header: 'input ($/M)', align: 'right' },
  { header: 'output ($/M)', align: 'right' },
  { header: 'context (tokens)', align: 'right', drop: 1 },
];

/**
 * `shepherd models` as a table fitted to `columns` (configured models first). Prices look as
 * in `cost --prices`: one precision per column, `$` and exact.
 */
export function renderModelsTable(
  rows: readonly ModelTableRow[],
  looks: { columns: number; paint: Painter },
): string {
  const sorted = [...rows].sort(
    (a, b) => Number(b.configured) - Number(a.configured) || a.id.localeCompare(b.id),
  );
  const input = priceColumn(sorted.flatMap((r) => (r.price ? [r.price.input] : [])));
  const output = priceColumn(sorted.flatMap((r) => (r.price ? [r.price.output] : [])));
  const cells = sorted.map((r): CellValue[] => [
    r.name ?? r.id,
    r.sent_id,
    r.aliases.join(', ') || '—',
    r.routes.join(', ') || '—',
    r.listed ? { text: 'yes', tone: 'good' } : { text: 'NOT LISTED', tone: 'warn' },
    r.price ? input(r.price.input) : 'unpriced',
    r.price ? output(r.price.output) : 'unpriced',
    r.context_window !== undefined ? r.context_window.toLocaleString('en-US') : '—',
  ]);
  return `${renderTable(COLUMNS, cells, looks)}\n`;
}
