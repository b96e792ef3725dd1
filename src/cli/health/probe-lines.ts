import type { Clock } from '../../core/clock.js';
import type { ProbeKind, ProbeResult } from '../../health/types.js';
import { renderProbeLine, type HealthLooks } from '../../ui/health-table.js';

/** A round that takes longer than this shows each model's line as its probe finishes. */
export const SLOW_ROUND_MS = 1000;

/**
 * No silent waits (issue 16): once a round has run for a second, the lines of the probes
 * already finished are written, then each further one as it finishes. A round that ends
 * sooner writes nothing here (its table says it all). Call `done()` when the round ends.
 */
export function probeLines(
  clock: Clock,
  kind: ProbeKind,
  looks: HealthLooks,
  write: (text: string) => void,
): { onResult: (r: ProbeResult) => void; done: () => void } {
  const finished: ProbeResult[] = [];
  let live = false;
  const timer = new AbortController();
  clock.sleep(SLOW_ROUND_MS, timer.signal).then(
    () => {
      live = true;
      for (const r of finished) write(renderProbeLine(r, kind, looks));
    },
    () => undefined,
  );
  return {
    onResult: (r) => {
      if (live) write(renderProbeLine(r, kind, looks));
      else finished.push(r);
    },
    done: () => timer.abort(),
  };
}
