import type { Io } from '../io.js';
import type { ChainEvent } from '../../core/client.js';
import type { Clock } from '../../core/clock.js';
import { failoverNote } from '../../chat/notes.js';
import { startSpinner, type Spinner } from './chat-spinner.js';

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
export function chainProgress(
  io: Io,
  clock: Clock,
  chain: readonly { name: string }[],
  opts: { quiet: boolean; noColor: boolean },
): ChainProgress {
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
  const spinner: Spinner = startSpinner(io, clock, { ...opts, label: label(current) });
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
