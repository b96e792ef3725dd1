/**
 * The plain progress lines' cadence: 5 s, unless the hidden SHEPHERD_PROGRESS_INTERVAL_MS
 * (tests: the first line without a 5 s wait) says otherwise. progressPrinter keeps it ≥ 0.5 s.
 */
export function progressLineInterval(env: Readonly<Record<string, string | undefined>>): number {
  const ms = Number(env.SHEPHERD_PROGRESS_INTERVAL_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 5000;
}
