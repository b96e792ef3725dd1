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
  // The drawing spinner (and string-width under it) is loaded only when it will draw.
  const spinner: Spinner = spinnerDrawn(io, opts.quiet)
    ? (await import('./chat-spinner.js')).startSpinner(io, clock, {
        noColor: opts.noColor,
        label: label(current),
      })
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
