/**
 * How text for one output stream looks: whether it gets colour and how wide a table may be.
 * The one place every command asks (SPEC §4, issue 16), so `FORCE_COLOR`, `NO_COLOR`,
 * `--no-color`, `COLUMNS`, `--wide` and TTY detection behave the same everywhere.
 */
import { shouldUseColor } from './color.js';

/** A stream as far as looks go (stdout or stderr). */
export interface StreamLooks {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface LooksInputs {
  stream: StreamLooks;
  env: Record<string, string | undefined>;
  /** `--no-color`. */
  noColorFlag?: boolean | undefined;
  /** `--wide`: tables as wide as their content. */
  wide?: boolean | undefined;
}

export interface Looks {
  color: boolean;
  /** The widest a line may be; `Infinity` with `--wide`. */
  columns: number;
}

/** Output that is not a terminal (a pipe, a file) is laid out for 80 columns. */
export const PIPED_COLUMNS = 80;
/** Narrower than this, tables are still laid out for this width (and then clipped). */
export const MIN_COLUMNS = 40;

/**
 * The width: `--wide` → unlimited; a positive `COLUMNS` → that; a terminal → its width;
 * anything else → 80.
 */
export function outputColumns({ stream, env, wide }: Omit<LooksInputs, 'noColorFlag'>): number {
  if (wide) return Infinity;
  const fromEnv = Number.parseInt(env['COLUMNS'] ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  if (stream.isTTY === true && stream.columns !== undefined && stream.columns > 0) {
    return stream.columns;
  }
  return PIPED_COLUMNS;
}

export function looksOf(inputs: LooksInputs): Looks {
  return {
    color: shouldUseColor({
      isTTY: inputs.stream.isTTY === true,
      env: inputs.env,
      noColorFlag: inputs.noColorFlag,
    }),
    columns: outputColumns(inputs),
  };
}
