import type { Clock } from '../core/clock.js';
import type { BenchPhase } from './runner-types.js';

/** The current phase as the loops and the dispatcher see it (the runner moves it along). */
export interface PhaseWindow {
  phase: BenchPhase;
  /** Monotonic ms the phase began. */
  start: number;
  /** Duration-bounded phase: when it ends. */
  end: number | undefined;
  /** Count-bounded phase: requests per target. */
  limit: number | undefined;
  /** Measured (recorded) phase, not the warm-up. */
  record: boolean;
  /** The phase is over: dispatch nothing more. */
  stopping: boolean;
  /** While draining: monotonic ms the window ended and the drain began. */
  drainStart?: number | undefined;
  /** While draining: how long the drain may last in all (ms from drainStart). */
  drainBoundMs?: number | undefined;
  /** Open loop: monotonic ms the next request is due, while the loop waits for it. */
  nextSendAt?: number | undefined;
}

/** How long before a send other work must have ended: napUntil's spin-up, and some. */
export const SEND_SPARE_MS = 4;

/** A sleep that resolves (instead of rejecting) when aborted. */
export function nap(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return clock.sleep(ms, signal).catch(() => undefined);
}

/** Resolves after pending microtasks and I/O callbacks have run (one event-loop turn). */
export const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The longest stretch napUntil blocks the event loop between looks at I/O, ms. */
export const SPIN_SLICE_MS = 0.05;

/** Blocks the thread (asleep, not spinning) for `ms`, to within the kernel's timer slack. */
const blockFor = (() => {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return (ms: number): void => void Atomics.wait(cell, 0, 0, ms);
})();

/**
 * Sleeps until monotonic time `at`, within a fraction of a ms: timers fire on a 1 ms grid and
 * often a ms late, so it sleeps to about 2 ms before, then in slices of SPIN_SLICE_MS with the
 * event loop let through between them (answers arriving are read at once). Each slice blocks
 * the thread asleep (Atomics.wait), not spinning on the clock: each clock reading allocates,
 * and a spin read it millions of times a second, enough for a garbage collection every few ms,
 * right before the send; a sleeping thread also leaves the CPU to others on a shared machine.
 * A clock that does not move on its own (a test's virtual clock) gets a plain sleep for the rest.
 */
export async function napUntil(clock: Clock, at: number, signal: AbortSignal): Promise<void> {
  const coarse = at - clock.now() - 2;
  if (coarse > 0) await nap(clock, coarse, signal);
  while (!signal.aborted && clock.now() < at) {
    const before = clock.now();
    await yieldToIo();
    const now = clock.now();
    if (now === before) {
      await nap(clock, at - before, signal);
      return;
    }
    if (now < at) blockFor(Math.min(at - now, SPIN_SLICE_MS));
  }
}

/** A promise settled when `signal` aborts (never, without one), and its listener's removal. */
export function onAbort(signal: AbortSignal | undefined): {
  promise: Promise<void>;
  dispose: () => void;
} {
  if (!signal) return { promise: new Promise<void>(() => undefined), dispose: () => undefined };
  let dispose = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const handler = (): void => resolve();
    signal.addEventListener('abort', handler, { once: true });
    dispose = () => signal.removeEventListener('abort', handler);
  });
  return { promise, dispose };
}

/**
 * Waits until `costMs` of work started now would end SEND_SPARE_MS before the open loop's
 * next send (work that can wait, such as live figures, then never holds a send up), or until
 * `boundMs` has passed (a dense schedule may leave no such gap), or `signal` aborts.
 */
export async function clearOfSends(
  clock: Clock,
  w: PhaseWindow,
  costMs: number,
  boundMs: number,
  signal: AbortSignal,
): Promise<void> {
  const until = clock.now() + boundMs;
  for (;;) {
    const next = w.nextSendAt;
    const now = clock.now();
    if (next === undefined || next - now >= costMs + SEND_SPARE_MS) return;
    if (now >= until || signal.aborted) return;
    // Just after that send (its dispatch is synchronous), then look again.
    await nap(clock, Math.min(until, next + 0.5) - now, signal);
  }
}
