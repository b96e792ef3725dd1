import type { BenchResult, TargetResult } from '../bench/index.js';
import { painter, type Painter } from './color.js';
import { formatCount, formatMs, formatRate } from './format.js';
import { renderTable, type TableColumn } from './table.js';

/**
 * The `bench --route` block of the summary: how the chain got its answers under faults —
 * who answered, what failover cost in latency, attempts and waits, the hedge, and a row per
 * change of a model's circuit breaker.
 */
export function renderRouteSummary(
  result: BenchResult,
  options: { color: boolean; columns?: number | undefined },
): string[] {
  const paint = painter(options.color);
  const looks = { paint, columns: options.columns ?? 80 };
  const blocks: string[] = [];
  for (const t of result.targets) {
    if (!t.route) continue;
    blocks.push(routeTable(t, looks));
    const changes = breakerTable(t, looks);
    if (changes) blocks.push(changes);
  }
  return blocks;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
type Looks = { paint: Painter; columns: number };

function routeTable(t: TargetResult, looks: Looks): string {
  const r = t.route as NonNullable<TargetResult['route']>;
  const rows: string[][] = [];
  const table = { push: (...more: string[][]) => void rows.push(...more) };
  const answered = Object.entries(r.answered_by)
    .sort((a, b) => b[1].requests - a[1].requests)
    .map(([m, a]) => `${m} ${pct(a.share)} (${formatCount(a.requests)})`)
    .join(' · ');
  const served = (s: typeof r.primary_served_ms): string =>
    s.count > 0
      ? `p50 ${formatMs(s.p50)} · p99 ${formatMs(s.p99)} (${formatCount(s.count)})`
      : 'none';
  const good =
    t.goodput_rps !== undefined && t.good_rate !== undefined
      ? `goodput ${formatRate(t.goodput_rps)} req/s · ${pct(t.good_rate)} good · success ${pct(t.success_rate)}`
      : `success ${pct(t.success_rate)} (goodput: add --goodput)`;
  table.push(
    ['goodput under faults', good],
    ['answered by (share of ok)', answered || 'none'],
    [`primary-served latency (${r.primary})`, served(r.primary_served_ms)],
    ['fallback-served latency', served(r.fallback_served_ms)],
    [
      'attempts per request',
      `mean ${r.attempts_per_request.mean.toFixed(2)} · max ${r.attempts_per_request.max}`,
    ],
    [
      'waiting on Retry-After/backoff (ms)',
      `total ${formatCount(Math.round(r.wait_ms.total))} · mean ${r.wait_ms.mean} · max ${r.wait_ms.max}`,
    ],
  );
  if (r.hedge.requests > 0) {
    const cost =
      r.hedge.extra_cost_usd === null ? 'unpriced' : `$${r.hedge.extra_cost_usd.toFixed(6)}`;
    table.push([
      'hedged (rate · won by hedge · extra)',
      `${pct(r.hedge.rate)} · ${pct(r.hedge.won_share)} · ${formatCount(r.hedge.cancelled_tokens)} tokens, ${cost}`,
    ]);
  }
  const cols: TableColumn[] = [
    { header: `${t.name} under faults`, wrap: true, minWidth: 16 },
    { header: '', wrap: true, minWidth: 24 },
  ];
  return renderTable(cols, rows, looks);
}

function breakerTable(t: TargetResult, looks: Looks): string | undefined {
  const changes = t.route?.breaker_changes ?? [];
  if (changes.length === 0) return undefined;
  const cols: TableColumn[] = [
    { header: 'time (s)', align: 'right' },
    { header: 'model', wrap: true, minWidth: 14 },
    { header: 'breaker' },
    { header: 'next probe in (s)', align: 'right', drop: 1 },
  ];
  const rows: string[][] = [];
  const name = (s: string): string => (s === 'half_open' ? 'half-open' : s);
  for (const c of changes) {
    rows.push([
      c.t_s.toFixed(1),
      c.model,
      `${name(c.from)} → ${name(c.to)}`,
      c.cooldown_ms !== undefined ? (c.cooldown_ms / 1000).toString() : '',
    ]);
  }
  return renderTable(cols, rows, looks);
}
