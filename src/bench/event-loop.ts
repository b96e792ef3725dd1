import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Measures how late the client's event loop runs (a busy client times requests badly). */
export interface LagMonitor {
  start(): void;
  /** Stops and reports p99 and max lag in ms (null when nothing was measured). */
  stop(): { p99: number | null; max: number | null };
}

/**
 * perf_hooks' event-loop delay histogram samples every `resolutionMs`; its values are the
 * whole interval between samples, so the resolution is subtracted to leave the lag.
 */
export function createLagMonitor(resolutionMs = 10): LagMonitor {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  const lag = (ns: number): number => Math.max(0, Math.round(ns / 1e3 - resolutionMs * 1e3) / 1e3);
  return {
    start: () => h.enable(),
    stop: () => {
      h.disable();
      if (h.count === 0) return { p99: null, max: null };
      return { p99: lag(h.percentile(99)), max: lag(h.max) };
    },
  };
}
