/**
 * Injected time. `now()` is monotonic milliseconds (performance.now) and is the only clock
 * used for measurements; `wallNow()` is epoch milliseconds for timestamps shown to people
 * and for persisted state. `sleep` uses the global setTimeout so fake timers control it,
 * and it rejects with the signal's reason when aborted.
 */
export interface Clock {
  now(): number;
  wallNow(): number;
  /**
   * The wall time (epoch ms) of monotonic time `mono`, when the clock can tell without a read
   * of its own: the system clock's is performance.timeOrigin + mono (no Date.now(), a runtime
   * call, per request). A clock without it is asked wallNow().
   */
  wallAt?(mono: number): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function sleepWith(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  wallAt: (mono) => Math.floor(performance.timeOrigin + mono),
  sleep: sleepWith,
};
