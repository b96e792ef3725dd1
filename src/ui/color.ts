/**
 * Colour decisions and tiny ANSI helpers. SPEC §4: colour only on a TTY, never with
 * NO_COLOR or --no-color. With colour off every helper is the identity, so output
 * carries no escape code at all.
 */

export interface ColorInputs {
  /** Whether the stream the text is written to is a terminal. */
  isTTY: boolean | undefined;
  env: Record<string, string | undefined>;
  /** True with `--no-color` (commander gives `color: false`). */
  noColorFlag?: boolean | undefined;
}

/**
 * `--no-color` → never; `NO_COLOR` set to anything non-empty → never (no-color.org);
 * `FORCE_COLOR` set and not `0`/`false` → always (even off a TTY); `FORCE_COLOR=0` → never;
 * `TERM=dumb` → never; otherwise only on a TTY.
 */
export function shouldUseColor({ isTTY, env, noColorFlag }: ColorInputs): boolean {
  if (noColorFlag) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    const f = force.trim().toLowerCase();
    if (f === '0' || f === 'false') return false;
    return true;
  }
  if (env['TERM'] === 'dumb') return false;
  return isTTY === true;
}

/** What a piece of text means; mapped to a colour only when colour is on. */
export type Tone = 'plain' | 'good' | 'warn' | 'bad' | 'dim' | 'bold' | 'accent' | 'heading';

const SGR: Record<Exclude<Tone, 'plain'>, [string, string]> = {
  good: ['\u001b[32m', '\u001b[39m'],
  warn: ['\u001b[33m', '\u001b[39m'],
  bad: ['\u001b[31m', '\u001b[39m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  bold: ['\u001b[1m', '\u001b[22m'],
  accent: ['\u001b[36m', '\u001b[39m'],
  heading: ['\u001b[1;36m', '\u001b[22;39m'],
};

export type Painter = (tone: Tone, text: string) => string;

/** A painter for the given setting: identity when `enabled` is false. */
export function painter(enabled: boolean): Painter {
  if (!enabled) return (_tone, text) => text;
  return (tone, text) => {
    if (tone === 'plain' || text === '') return text;
    const [open, close] = SGR[tone];
    return open + text + close;
  };
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-9;:]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_RE, '');
}

/** Success-rate thresholds: ≥ 99% good, ≥ 95% warn, below bad; no completed request → dim. */
export function successTone(rate: number | null): Tone {
  if (rate === null || !Number.isFinite(rate)) return 'dim';
  if (rate >= 0.99) return 'good';
  if (rate >= 0.95) return 'warn';
  return 'bad';
}

/** An error count: none → dim; some → warn while success stays ≥ 95%, else bad. */
export function errorTone(errors: number, rate: number | null): Tone {
  if (errors <= 0) return 'dim';
  return rate !== null && rate >= 0.95 ? 'warn' : 'bad';
}
