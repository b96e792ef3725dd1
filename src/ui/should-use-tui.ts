/**
 * Which progress display a bench run gets. SPEC §4: the live TUI only on a TTY, never under
 * `CI=true` or `--no-tui`; otherwise plain progress lines on stderr (`--quiet` silences them).
 *
 * The live view is drawn on **stderr** (progress belongs there, SPEC §4), so what matters is
 * whether stderr is a terminal: `shepherd bench > result.txt` still gets the live view, and
 * `--json` (one document on stdout) does not conflict with it.
 */

export type ProgressMode = 'tui' | 'lines' | 'silent';

export interface ProgressInputs {
  /** Whether stderr, where the live view is drawn, is a terminal. */
  stderrIsTTY: boolean | undefined;
  env: Record<string, string | undefined>;
  /** True with `--no-tui`. */
  noTuiFlag?: boolean | undefined;
  /** True with `--quiet`: no live view and no progress lines. */
  quiet?: boolean | undefined;
}

/** Any CI value but `0`/`false`/empty counts (`CI=1`, `CI=true`, `CI=woodpecker`). */
export function isCi(env: Record<string, string | undefined>): boolean {
  const ci = env['CI'];
  if (ci === undefined) return false;
  const v = ci.trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

export function progressMode({ stderrIsTTY, env, noTuiFlag, quiet }: ProgressInputs): ProgressMode {
  if (quiet) return 'silent';
  if (noTuiFlag || isCi(env) || stderrIsTTY !== true || env['TERM'] === 'dumb') return 'lines';
  return 'tui';
}

export function shouldUseTui(inputs: ProgressInputs): boolean {
  return progressMode(inputs) === 'tui';
}
