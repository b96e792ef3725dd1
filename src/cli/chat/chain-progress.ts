import type { Io } from '../io.js';
import type { ChainEvent } from '../../core/client.js';
import type { Clock } from '../../core/clock.js';
import { failoverNote } from '../../chat/notes.js';
import { plainNotes, spinnerDrawn, type Spinner } from './plain-notes.js';

export interface ChainProgress {
  onEvent(e: ChainEvent): void;
  /** A note line on stderr (silenced by --quiet), drawn around the spinner. */
  note(text: string): void;
  /** Erases the spinner (before the first token; at the end). */
  stop(): void;
}

/**
 * What `chat` shows while it waits: a spinner naming the model it is waiting for (stderr,
 * terminal only), and one note per failover hop naming the next model and how many remain.
 */
export async function chainProgress(
  io: Io,
  clock: Clock,
  chain: readonly { name: string }[],
  opts: { quiet: boolean; noColor: boolean },
): Promise<ChainProgress> {
  const names = chain.map((m) => m.name);
  const left = (model: string): number | undefined => {
    const i = names.indexOf(model);
    return i < 0 ? undefined : names.length - 1 - i;
  };
  const label = (model: string | undefined): string => {
    if (model === undefined) return 'waiting for an answer';
    const n = left(model);
    return `waiting for ${model}${n ? ` (${n} more after it)` : ''}`;
  };
  let current = names[0];
  const spinner: Spinner = spinnerDrawn(io, opts.quiet)
    ? await drawnSpinner(io, clock, names, { noColor: opts.noColor, label: label(current) })
    : plainNotes(io);
  const note = (text: string): void => {
    if (!opts.quiet) spinner.note(text);
  };
  return {
    onEvent: (e) => {
      const text = failoverNote(e, left);
      if (text) note(text);
      if (e.type === 'hedge') {
        current = e.to;
        spinner.set(`waiting for ${e.from} and ${e.to} (hedged)`);
        return;
      }
      if (e.type === 'failover') current = e.to;
      else if (e.type === 'skip' && e.model === current) {
        current = names[names.indexOf(e.model) + 1];
      } else return;
      spinner.set(label(current));
    },
    note,
    stop: () => spinner.stop(),
  };
}

/**
 * The drawing spinner is loaded only when it will draw; string-width (~20 ms to load) only
 * when a model name in the chain has a character that is not one terminal cell wide: every
 * label the spinner shows is built from those names and ASCII.
 */
async function drawnSpinner(
  io: Io,
  clock: Clock,
  names: string[],
  opts: { noColor: boolean; label: string },
): Promise<Spinner> {
  const [{ startSpinner }, { clipOneCell, oneCellLabel }] = await Promise.all([
    import('./chat-spinner.js'),
    import('../../ui/spinner.js'),
  ]);
  const clip = names.every(oneCellLabel) ? clipOneCell : (await import('../../ui/cells.js')).clip;
  return startSpinner(io, clock, { ...opts, clip });
}
