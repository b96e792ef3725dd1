/**
 * The bench client's self-check warnings (event-loop lag, a rate it could not keep): true
 * statements about a busy machine, which may come on any bench run under load. Tests that
 * assert a bench run's exact stderr drop these lines first; everything else stays exact.
 */
const SELF_CHECK =
  /^(⚠ )?warning: (event-loop lag |target '[^']*': achieved [\d.]+ req\/s of the )/;

export function isSelfCheckWarning(line: string): boolean {
  return SELF_CHECK.test(line);
}

/** `stderr` without the self-check warning lines (the others, newlines included, as they were). */
export function withoutSelfChecks(stderr: string): string {
  return stderr
    .split(/(?<=\n)/)
    .filter((line) => !isSelfCheckWarning(line))
    .join('');
}
