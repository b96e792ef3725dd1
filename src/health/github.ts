import type { ProbeKind, ProbeResult } from './types.js';

/**
 * GitHub Actions output: a Markdown table for `$GITHUB_STEP_SUMMARY` and `::error`
 * workflow commands for down models.
 */

export function stepSummary(
  results: readonly ProbeResult[],
  ctx: { probe: ProbeKind; checkedAt: number; requireMessage: string; met: boolean },
): string {
  const count = (s: string): number => results.filter((r) => r.status === s).length;
  const lines = [
    `### shepherd health (${ctx.probe} probe)`,
    '',
    `${ctx.met ? '✅' : '❌'} ${md(ctx.requireMessage)} — ${count('up')} up, ${count('degraded')} degraded, ${count('down')} down, checked ${new Date(ctx.checkedAt).toISOString()}`,
    '',
    '| model | status | latency (ms) | HTTP | class | detail |',
    '|---|---|---:|---:|---|---|',
  ];
  for (const r of results) {
    lines.push(
      `| ${md(r.model)} | ${r.status} | ${r.latencyMs === undefined ? '-' : Math.round(r.latencyMs)} | ${r.httpStatus ?? '-'} | ${r.cls ?? '-'} | ${md(r.message ?? '')} |`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

/**
 * `::error title=shepherd health: a down::a down (server_error, HTTP 503): …` per down model;
 * none for a probe cut by Ctrl-C (not checked, not down).
 */
export function errorAnnotations(results: readonly ProbeResult[]): string {
  return results
    .filter((r) => r.status === 'down' && r.cancelled !== true)
    .map((r) => {
      const how = r.cls
        ? ` (${r.cls}${r.httpStatus !== undefined ? `, HTTP ${r.httpStatus}` : ''})`
        : '';
      const title = `shepherd health: ${r.model} down`;
      return `::error title=${escapeProperty(title)}::${escapeData(`model down: ${r.model}${how}: ${r.message ?? 'no answer'}`)}\n`;
    })
    .join('');
}

/** Workflow command data: `%`, CR and LF are escaped (as @actions/core does). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command properties also escape `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A table cell: no pipes or line breaks. */
function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}
