import type { ModelSettings } from './settings.js';
import type { Clock } from './clock.js';
import type { AttemptResult } from './result.js';

/**
 * A hedged attempt (SPEC §2, `--hedge DUR`): the current model is sent; if it has produced
 * no first content token after `hedgeMs`, the next model starts in parallel. The first leg
 * to produce a content token (or a whole non-streamed answer) wins, and the other leg is
 * aborted at that very moment, so its server sees the cancel at once. Only the winner's
 * tokens ever reach `onToken`: the gate is decided before the first token is passed on, so
 * two models' text are never spliced.
 */

export interface HedgeLeg {
  model: ModelSettings;
  role: 'primary' | 'hedge';
  result: AttemptResult;
}

export interface HedgeOutcome {
  /** One leg (no hedge was started) or two, in start order. */
  legs: HedgeLeg[];
  /** Index into legs of the leg that produced the first token, if any did. */
  winner: number | undefined;
}

export interface HedgeArgs {
  primary: ModelSettings;
  hedgeMs: number;
  clock: Clock;
  /** The user's cancel. */
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  /**
   * When the timer fires: the model to hedge with (the breaker consulted), or undefined
   * when none is left. Called at most once.
   */
  pickHedge(): ModelSettings | undefined;
  /** Announces the hedge before it is sent. */
  onHedge(from: ModelSettings, to: ModelSettings): void;
  /** Sends one attempt with the leg's own signal and hooks. */
  launch(
    model: ModelSettings,
    hooks: { signal: AbortSignal; onToken?: (text: string) => void; onFirstToken: () => void },
  ): Promise<AttemptResult>;
}

interface Running {
  model: ModelSettings;
  role: HedgeLeg['role'];
  abort: AbortController;
  result: AttemptResult | undefined;
  done: Promise<AttemptResult>;
}

export async function runHedged(args: HedgeArgs): Promise<HedgeOutcome> {
  const legs: Running[] = [];
  let winner: number | undefined;
  let wake: () => void = () => undefined;
  const woken = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));
  const declare = (index: number): void => {
    if (winner !== undefined) return;
    winner = index;
    // Cancel the other leg now, before this token goes anywhere.
    for (const [i, leg] of legs.entries()) if (i !== index) leg.abort.abort();
    wake();
  };
  const start = (model: ModelSettings, role: HedgeLeg['role']): void => {
    const index = legs.length;
    const abort = new AbortController();
    const onUserAbort = (): void => abort.abort();
    if (args.signal?.aborted) abort.abort();
    args.signal?.addEventListener('abort', onUserAbort, { once: true });
    const userToken = args.onToken;
    const leg: Running = {
      model,
      role,
      abort,
      result: undefined,
      done: args
        .launch(model, {
          signal: abort.signal,
          onFirstToken: () => declare(index),
          ...(userToken ? { onToken: (t: string) => winner === index && userToken(t) } : {}),
        })
        .then((r) => {
          args.signal?.removeEventListener('abort', onUserAbort);
          leg.result = r;
          wake();
          return r;
        }),
    };
    legs.push(leg);
  };

  start(args.primary, 'primary');
  const timer = new AbortController();
  const fired = args.clock.sleep(args.hedgeMs, timer.signal).then(
    () => true,
    () => false,
  );
  const primary = legs[0] as Running;
  // Phase 1: the primary alone, until its first token, its end, or the hedge timer.
  let hedgeDue = false;
  while (winner === undefined && primary.result === undefined && !hedgeDue) {
    hedgeDue = await Promise.race([fired, woken().then(() => false)]);
  }
  timer.abort();
  if (hedgeDue && winner === undefined && primary.result === undefined) {
    const next = args.pickHedge();
    if (next) {
      args.onHedge(args.primary, next);
      start(next, 'hedge');
    }
  }
  // Phase 2: until a winner (the other leg is then aborted) or every leg has ended.
  while (winner === undefined && legs.some((l) => l.result === undefined)) {
    await woken();
    // A non-streamed answer has no token before it ends: an ok answer wins then.
    const ok = legs.findIndex((l) => l.result?.outcome === 'ok');
    if (ok >= 0) declare(ok);
  }
  const results = await Promise.all(legs.map((l) => l.done));
  return {
    legs: legs.map((l, i) => ({
      model: l.model,
      role: l.role,
      result: results[i] as AttemptResult,
    })),
    winner,
  };
}
