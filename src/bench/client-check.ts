/**
 * The client's self-check on event-loop lag (SPEC §5: warn loudly when it exceeds 10 ms):
 * a busy loop delays every timestamp this process takes, so the figures describe the client
 * as much as the server. Pure: the runner measures, this decides what to say.
 */

/** Lag p99 above this: the machine was too busy to time requests precisely (SPEC §5). */
export const LAG_P99_LIMIT_MS = 10;
/** Lag max above this: the client stalled at least once (a GC pause, a blocked loop, a frozen VM). */
export const LAG_STALL_MS = 100;

export interface LagFigures {
  p99: number | null;
  max: number | null;
}

/** Which figures a late timestamp inflates, for the warning. */
function touched(open: boolean): string {
  const base = 'latency, TTFT, ITL and TPOT of the requests in flight then read high';
  return open
    ? `${base}, and sends went late (sched_lag; latency counts from the intended time)`
    : base;
}

/**
 * One warning for the lag of a run, or undefined: on p99 over 10 ms (sustained business), and
 * on a max over 100 ms even when p99 is low (one stall, which p99 alone never shows).
 */
export function lagWarning(lag: LagFigures, open: boolean): string | undefined {
  const p99 = lag.p99 ?? 0;
  const max = lag.max ?? p99;
  const figures = `p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms`;
  if (p99 > LAG_P99_LIMIT_MS) {
    return `event-loop lag ${figures} is over ${LAG_P99_LIMIT_MS} ms: this machine was too busy to time requests precisely; ${touched(open)} by up to ${max.toFixed(0)} ms`;
  }
  if (max > LAG_STALL_MS) {
    return `event-loop stall: the client froze for up to ${max.toFixed(0)} ms (lag ${figures}); ${touched(open)} by up to ${max.toFixed(0)} ms`;
  }
  return undefined;
}
