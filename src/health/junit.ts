import type { ProbeKind, ProbeResult } from './types.js';

/**
 * A JUnit XML report (the common Ant/Jenkins/Surefire shape every CI reads): one
 * <testsuite name="shepherd health"> with one <testcase> per model; a down model is a
 * <failure> with its class as `type`. Degraded models pass, with the reason in <system-out>.
 * A probe cut by Ctrl-C is <skipped>: the model was not checked, so it did not fail.
 * `timestamp` is UTC without a zone suffix, as the Ant schema's xs:dateTime pattern wants.
 */
export function junitXml(
  results: readonly ProbeResult[],
  ctx: { probe: ProbeKind; checkedAt: number; durationMs: number },
): string {
  const skipped = results.filter((r) => r.cancelled === true).length;
  const failures = results.filter((r) => r.status === 'down' && r.cancelled !== true).length;
  const timestamp = new Date(ctx.checkedAt).toISOString().slice(0, 19);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="shepherd" tests="${results.length}" failures="${failures}" errors="0" time="${seconds(ctx.durationMs)}">`,
    `  <testsuite name="shepherd health" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(ctx.durationMs)}" timestamp="${timestamp}">`,
    `    <properties>`,
    `      <property name="probe" value="${xml(ctx.probe)}"/>`,
    `    </properties>`,
  ];
  for (const r of results) {
    const open = `    <testcase classname="shepherd.health" name="${xml(r.model)}" time="${seconds(r.latencyMs ?? 0)}"`;
    if (r.cancelled === true) {
      // Ctrl-C cut the probe before a verdict: not checked, so not a failure of the model.
      lines.push(`${open}>`);
      lines.push(`      <skipped message="${xml(r.message ?? 'cancelled before an answer')}"/>`);
      lines.push('    </testcase>');
    } else if (r.status === 'down') {
      const type = r.cls ?? 'down';
      const message = `${r.model} down${r.cls ? ` (${r.cls}${r.httpStatus !== undefined ? `, HTTP ${r.httpStatus}` : ''})` : ''}`;
      lines.push(`${open}>`);
      lines.push(
        `      <failure message="${xml(message)}" type="${xml(type)}">${xml(r.message ?? message)}</failure>`,
      );
      lines.push('    </testcase>');
    } else if (r.status === 'degraded') {
      lines.push(`${open}>`);
      lines.push(`      <system-out>${xml(`degraded: ${r.message ?? ''}`)}</system-out>`);
      lines.push('    </testcase>');
    } else {
      lines.push(`${open}/>`);
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
