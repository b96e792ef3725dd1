/** Reading a written report back: its inline chart model and anything it would fetch. */

/** The chart model a report page carries (its inline JSON). */
export function pageData(html: string): { sections: { id: string; charts: { id: string }[] }[] } {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no report data in the page');
  return JSON.parse(m[1]!) as { sections: { id: string; charts: { id: string }[] }[] };
}

/** Every reference the page makes to something outside itself. */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  const patterns = [
    /<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi,
    /<link\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/gi,
    /<img\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi,
    /<(?:iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|data)\s*=\s*["']?([^"'\s>]+)/gi,
    /url\(\s*["']?(https?:[^"')]+)/gi,
    /@import\s+(?:url\()?\s*["']?([^"');]+)/gi,
  ];
  for (const re of patterns) for (const m of html.matchAll(re)) found.push(m[1]!);
  return found;
}
