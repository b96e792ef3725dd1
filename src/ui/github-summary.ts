import type { BenchResult, TargetResult } from '../bench/index.js';
import { formatSloValue } from './bench-summary.js';
import {
  formatCount,
  formatMsNumber,
  formatPercentNumber,
  formatRate,
  formatTargetRate,
} from './format.js';
import { describeRun } from './load-caption.js';

/**
 * GitHub Actions output (SPEC §4): a Markdown summary for `$GITHUB_STEP_SUMMARY` and workflow
 * command lines (`::error::` per violated SLO check, `::warning::` per client warning) for
 * stdout. Strings only: the caller appends / writes them.
 */

/** Markdown table cell: pipes escaped, line breaks flattened. */
/** One Markdown table row. */
function line(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function md(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function errorsText(t: TargetResult): string {
  const entries = Object.entries(t.errors).filter(([, n]) => n > 0);
  if (entries.length === 0) return '0';
  return entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

export function renderGithubSummary(result: BenchResult): string {
  const open = result.targets.some((t) => t.target_rps !== null);
  const head = [
    'target',
    'requests',
    'ok',
    'errors',
    'success (%)',
    'req/s',
    ...(open ? ['target (req/s)'] : []),
    'tok/s',
    'p50 (ms)',
    'p90 (ms)',
    'p95 (ms)',
    'p99 (ms)',
    'p99.9 (ms)',
    'max (ms)',
    'TTFT p50 (ms)',
    'TTFT p99 (ms)',
    'ITL p50 (ms)',
    'TPOT p50 (ms)',
  ];
  const rows = result.targets.map((t) => [
    `\`${t.name.replace(/`/g, "'")}\``,
    formatCount(t.requests),
    formatCount(t.ok),
    errorsText(t),
    formatPercentNumber(t.requests - t.cancelled > 0 ? t.success_rate : null),
    formatRate(t.throughput_rps),
    ...(open ? [formatTargetRate(t.target_rps)] : []),
    (t.tokens_source === 'chunks' ? '~' : '') + formatRate(t.output_tokens_per_s),
    formatMsNumber(t.latency_ms.p50),
    formatMsNumber(t.latency_ms.p90),
    formatMsNumber(t.latency_ms.p95),
    formatMsNumber(t.latency_ms.p99),
    formatMsNumber(t.latency_ms.p999),
    formatMsNumber(t.latency_ms.max),
    formatMsNumber(t.ttft_ms.p50),
    formatMsNumber(t.ttft_ms.p99),
    formatMsNumber(t.itl_ms.p50),
    formatMsNumber(t.tpot_ms.p50),
  ]);
  const out: string[] = [
    '### shepherd bench',
    '',
    md(describeRun(result)),
    '',
    line(head),
    line(head.map((_, i) => (i === 0 ? ':---' : '---:'))),
    ...rows.map((r) => line(r.map((c, i) => (i === 0 ? c : md(c))))),
  ];
  out.push(...sloMarkdown(result));
  const notes: string[] = [...result.client.warnings];
  const chunked = result.targets.filter((t) => t.tokens_source === 'chunks').map((t) => t.name);
  if (chunked.length > 0) {
    notes.push(
      `${chunked.join(', ')}: no usage from the server; output tokens counted from stream chunks (tok/s marked ~).`,
    );
  }
  if (result.interrupted) notes.push('The run was stopped early.');
  if (notes.length > 0) {
    out.push('', '> [!WARNING]');
    for (const n of notes) out.push(`> ${md(n)}  `);
  }
  return out.join('\n') + '\n';
}

/** The SLO section of the step summary: one row per check; a term not judged is marked ❔. */
function sloMarkdown(result: BenchResult): string[] {
  if (result.slo.length === 0) return [];
  const out: string[] = [];
  const met = result.slo.filter((s) => s.ok).length;
  out.push('', `#### SLO: ${met} of ${result.slo.length} checks met`, '');
  out.push(line(['', 'check', 'target', 'value']), line([':-:', ':---', ':---', '---:']));
  for (const s of result.slo) {
    const thin = s.verdict === 'too_few_samples';
    const value = `${formatSloValue(s)}${thin ? ` (not judged: needs ${s.samples_needed ?? '?'} ok requests)` : ''}`;
    out.push(
      line([s.ok ? '✅' : thin ? '❔' : '❌', `\`${md(s.term)}\``, md(s.target ?? ''), md(value)]),
    );
  }
  return out;
}

/** Escapes a workflow command's message (GitHub: %, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::error title=SLO not met::p95<800ms on gpt-4.1: 912 ms` per violated check, then
 * `::warning title=bench client::…` per client warning; one per line, '' when none.
 */
export function githubAnnotations(result: BenchResult): string {
  const lines: string[] = [];
  for (const s of result.slo) {
    if (s.ok) continue;
    const where = s.target ? ` on ${s.target}` : '';
    if (s.verdict === 'too_few_samples') {
      lines.push(
        `::warning title=${escapeProperty('SLO not judged')}::${escapeData(`${s.term}${where}: too few samples (needs ${s.samples_needed ?? '?'} ok requests); run longer`)}`,
      );
      continue;
    }
    lines.push(
      `::error title=${escapeProperty('SLO not met')}::${escapeData(`${s.term}${where}: ${formatSloValue(s)}`)}`,
    );
  }
  for (const w of result.client.warnings) {
    lines.push(`::warning title=${escapeProperty('bench client')}::${escapeData(w)}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
