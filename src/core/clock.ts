/**
 * Injected time. `now()` is monotonic milliseconds (performance.now) and is the only clock
 * used for measurements; `wallNow()` is epoch milliseconds for timestamps shown to people
 * and for persisted state. `sleep` uses the global setTimeout so fake timers control it,
 * and it rejects with the signal's reason when aborted.
 */
export interface Clock {
  now(): number;
  wallNow(): number;
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
  sleep: sleepWith,
};
