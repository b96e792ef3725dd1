import type { SweepLive, SweepStep } from '../bench/index.js';
import { clip, fit, textWidth } from './cells.js';
import { formatMs, formatPercent, formatRate } from './format.js';
import type { Tone } from './color.js';
import { sparkline } from './sparkline.js';
import { formatLoad } from './sweep-summary.js';

/** A line of toned segments, as live-layout.ts lays them out (kept apart: no import circle). */
type Line = { text: string; tone?: Tone }[];

/**
 * The sweep's lines in the live view: the step running now and each target's curve so far
 * (throughput by load, ✓/✗ where the SLO held or broke, the capacity and the knee).
 */
export function sweepLines(s: SweepLive, columns: number): Line[] {
  const now = s.plans.map((p) => `${p.target} at ${formatLoad(s.kind, p.load)}`).join(' · ');
  const lines: Line[] = [
    [
      { text: `${s.finished} step${s.finished === 1 ? '' : 's'} done`, tone: 'bold' },
      { text: ` · now: ${clip(now || 'finishing', Math.max(1, columns - 24))}` },
    ],
  ];
  const width = Math.min(24, Math.max(6, ...s.curves.map((c) => textWidth(c.target))));
  for (const c of s.curves) {
    const pts = [...c.points].sort((a, b) => a.load - b.load);
    const spark =
      pts.length > 0
        ? sparkline(
            pts.map((p) => p.throughputRps),
            Math.min(12, pts.length),
          )
        : '';
    const found = [
      c.capacity !== null ? `capacity ${c.capacity}` : '',
      c.saturation !== null ? `knee ${c.saturation}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const curve = pts
      .map(
        (p) =>
          `${p.load}:${formatRate(p.throughputRps)}${p.sloOk === null ? '' : p.sloOk ? '✓' : '✗'}`,
      )
      .join(' ');
    const head = `${fit(c.target, width)}  ${spark}${spark ? '  ' : ''}`;
    const room = Math.max(1, columns - textWidth(head) - (found ? textWidth(found) + 3 : 0));
    lines.push([
      { text: head, tone: 'accent' },
      { text: clip(curve || 'no step yet', room), tone: curve ? 'plain' : 'dim' },
      ...(found ? [{ text: ` · ${found}`, tone: 'good' as const }] : []),
    ]);
  }
  const [step, ...curves] = lines;
  return [step as Line, [{ text: 'curve so far (req/s by load):', tone: 'dim' }], ...curves];
}

/** One plain line per finished step, for progress without the TUI. */
export function stepLine(kind: SweepLive['kind'], target: string, step: SweepStep): string {
  const r = step.result;
  const completed = r.requests - r.cancelled;
  const slo = step.slo_ok === null ? '' : step.slo_ok ? ', SLO held' : ', SLO broken';
  return `step ${step.seq} · ${target} at ${formatLoad(kind, step.load)}: ${formatRate(r.throughput_rps)} req/s, ok ${formatPercent(completed > 0 ? r.success_rate : null)}, latency p99 ${formatMs(r.latency_ms.p99)}, ttft p99 ${formatMs(r.ttft_ms.p99)}${slo}\n`;
}
