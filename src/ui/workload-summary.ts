import type { BenchResult, LengthsResult, LoadInfo } from '../bench/index.js';
import type { Painter } from './color.js';
import { formatCount, formatMsNumber, NO_DATA } from './format.js';
import { renderTable, wrapLine, type TableColumn } from './table.js';

/** `inputs 1000 tok, outputs 100..200 tok (exact), 5 turns, think 2s` or a trace's name and speed. */
export function describeWorkload(load: LoadInfo): string | undefined {
  const w = load.workload;
  if (!w) return undefined;
  const parts: string[] = [];
  if (w.trace) {
    parts.push(
      `trace ${w.trace.file} (${w.trace.format}, ${w.trace.requests} requests${w.trace.speed !== 1 ? `, ${w.trace.speed}x speed` : ''})`,
    );
  }
  if (w.input_tokens) parts.push(`inputs ${w.input_tokens} tok`);
  if (w.output_tokens) parts.push(`outputs ${w.output_tokens} tok`);
  if (w.exact_output) parts.push('exact outputs');
  if (w.turns) {
    const think = w.think_time_ms ? `, think ${formatMsNumber(w.think_time_ms)} ms` : '';
    parts.push(`${w.turns} turns${think}`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function triple(d: LengthsResult[keyof LengthsResult] | undefined): string {
  if (!d || d.count === 0) return NO_DATA;
  return `${d.p50} / ${d.p90} / ${d.max}`;
}

/**
 * Token lengths sent and got per target (p50 / p90 / max), shown when the run set lengths
 * (`--input-tokens`, `--output-tokens`, `--trace`, `--exact-output`).
 */
export function renderLengthTable(
  result: BenchResult,
  paint: Painter,
  columns = 80,
): string | undefined {
  const w = result.load.workload;
  const shaped = w && (w.source !== 'prompts' || w.output_tokens !== undefined || w.exact_output);
  if (!shaped || !result.targets.some((t) => t.lengths)) return undefined;
  const cols: TableColumn[] = [
    { header: 'tokens p50 / p90 / max', wrap: true, minWidth: 12 },
    { header: 'input sent', align: 'right' },
    { header: 'input (server)', align: 'right', drop: 1 },
    { header: 'output asked', align: 'right', drop: 2 },
    { header: 'output got', align: 'right' },
  ];
  const rows: string[][] = [];
  for (const t of result.targets) {
    const l = t.lengths;
    rows.push([
      t.name,
      triple(l?.input_sent),
      triple(l?.input_got),
      triple(l?.output_asked),
      triple(l?.output_got),
    ]);
  }
  const table = renderTable(cols, rows, { columns, paint });
  if (!w || w.tokenizer === 'none') return table;
  const note = paint(
    'dim',
    wrapLine(
      `inputs counted under ${w.tokenizer} (gpt-tokenizer); the server's tokenizer and chat template count differently`,
      columns,
    ),
  );
  return `${table}\n${note}`;
}

/** Multi-turn runs: per target and turn index, TTFT and latency and how much of the input was cached. */
export function renderTurnTable(
  result: BenchResult,
  paint: Painter = (_t, s) => s,
  columns = 80,
): string | undefined {
  if (!result.targets.some((t) => (t.turns ?? []).length > 0)) return undefined;
  const right = (header: string, drop = 0): TableColumn => ({ header, align: 'right', drop });
  const cols: TableColumn[] = [
    { header: 'target', wrap: true, minWidth: 12 },
    right('turn'),
    right('req', 3),
    right('ok', 4),
    right('ttft p50 (ms)'),
    right('ttft p90 (ms)', 2),
    right('latency p50 (ms)'),
    right('input tok (mean)', 1),
    right('cached (%)'),
  ];
  const rows: string[][] = [];
  const table = { push: (row: string[]) => void rows.push(row) };
  for (const t of result.targets) {
    for (const turn of t.turns ?? []) {
      const ms = (v: number | null): string => (v === null ? NO_DATA : formatMsNumber(v));
      const input = turn.requests > 0 ? Math.round(turn.input_tokens / turn.requests) : null;
      const cached =
        turn.input_tokens > 0 ? Math.floor((turn.cached_tokens / turn.input_tokens) * 100) : null;
      table.push([
        t.name,
        String(turn.turn),
        formatCount(turn.requests),
        formatCount(turn.ok),
        ms(turn.ttft_ms.p50),
        ms(turn.ttft_ms.p90),
        ms(turn.latency_ms.p50),
        input === null ? NO_DATA : formatCount(input),
        cached === null ? NO_DATA : String(cached),
      ]);
    }
  }
  return renderTable(cols, rows, { columns, paint });
}
