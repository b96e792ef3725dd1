import type { SweepResult } from '../bench/index.js';
import { formatRate } from './format.js';
import { formatLoad, verdictText } from './sweep-summary.js';

/**
 * GitHub Actions output of `bench --sweep` (SPEC §4): a Markdown table of every target's
 * capacity and knee for `$GITHUB_STEP_SUMMARY`, and an `::error::` line per target whose
 * capacity is below `--min-capacity`. Strings only: the caller appends / writes them.
 */

function md(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderSweepGithubSummary(doc: SweepResult): string {
  const range = `${doc.kind} ${doc.range.lo}..${doc.range.hi}`;
  const slo = doc.slo.length > 0 ? `SLO \`${doc.slo.join(',')}\`` : 'no SLO';
  const lines = [
    `### shepherd bench --sweep · ${range} · ${slo}${doc.interrupted ? ' · stopped early' : ''}`,
    '',
    '| target | capacity | capacity (req/s) | knee | knee (req/s) | steps |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const t of doc.targets) {
    const c = t.capacity;
    const s = t.saturation;
    lines.push(
      `| \`${md(t.name.replace(/`/g, "'"))}\` | ${c ? `${c.at_range_end ? '≥ ' : ''}${formatLoad(doc.kind, c.load)}` : '—'} | ${c ? formatRate(c.throughput_rps) : '—'} | ${s ? formatLoad(doc.kind, s.load) : '—'} | ${s ? formatRate(s.throughput_rps) : '—'} | ${t.steps.length} |`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

/** `::error::` per target below `--min-capacity` (none without it). */
export function sweepGithubAnnotations(doc: SweepResult, minCapacity: number | undefined): string {
  if (minCapacity === undefined) return '';
  return doc.targets
    .filter((t) => (t.capacity?.load ?? 0) < minCapacity)
    .map(
      (t) =>
        `::error title=shepherd bench capacity::${t.name}: ${md(verdictText(doc, t))} (--min-capacity ${minCapacity})\n`,
    )
    .join('');
}
