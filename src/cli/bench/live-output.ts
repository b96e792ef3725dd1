import type { BenchProgressEvent } from '../../bench/index.js';
import type { LiveFrame } from '../../ui/live-frame.js';

/**
 * Keeps the LiveFrame both progress displays read, from the engine's events: a mapping only,
 * every figure (rates, success, fraction, ETA, the behind-rate flag) is the engine's. Elapsed
 * time and totals refer to the current phase (the clock restarts when the warm-up ends).
 */
export class FrameBuilder {
  readonly #title: string;
  readonly #totalMs: number | undefined;
  readonly #requestsTotal: number | undefined;
  readonly #targetRps: number | undefined;
  readonly #goodput: boolean;
  readonly #warnings: string[] = [];
  #breakers: LiveFrame['breakers'];
  #frame: LiveFrame;

  constructor(options: {
    title: string;
    totalMs?: number;
    requestsTotal?: number;
    targetRps?: number;
    /** `--goodput` terms were given: the view shows good requests per second. */
    goodput?: boolean;
  }) {
    this.#goodput = options.goodput === true;
    this.#title = options.title;
    this.#totalMs = options.totalMs;
    this.#requestsTotal = options.requestsTotal;
    this.#targetRps = options.targetRps;
    const planned = this.#totalMs !== undefined || this.#requestsTotal !== undefined;
    this.#frame = this.#base({
      elapsedMs: 0,
      requestsDone: 0,
      targets: [],
      phase: 'run',
      finished: false,
      // Before the first event: nothing done yet, the whole planned time ahead.
      fraction: planned ? 0 : null,
      etaMs: this.#totalMs ?? null,
    });
  }

  get frame(): LiveFrame {
    return this.#frame;
  }

  progress(e: BenchProgressEvent): LiveFrame {
    const warmup = e.phase === 'warmup';
    this.#frame = this.#base({
      elapsedMs: e.elapsedMs,
      requestsDone: e.targets.reduce((n, t) => n + t.requests, 0),
      targets: e.targets,
      phase: warmup ? 'warmup' : 'run',
      finished: false,
      // The warm-up's own progress is not shown: the bar is the measured run's.
      fraction: warmup ? null : e.fraction,
      etaMs: warmup ? null : e.etaMs,
    });
    return this.#frame;
  }

  /** The route's circuit breakers changed: the frame shows each model's state. */
  breakers(states: NonNullable<LiveFrame['breakers']>): LiveFrame {
    this.#breakers = states;
    this.#frame = { ...this.#frame, breakers: states };
    return this.#frame;
  }

  warning(message: string): LiveFrame {
    if (!this.#warnings.includes(message)) this.#warnings.push(message);
    this.#frame = { ...this.#frame, warnings: [...this.#warnings] };
    return this.#frame;
  }

  /** A run that finished on its own is complete; one stopped early keeps how far it got, no ETA. */
  finish(interrupted: boolean): LiveFrame {
    this.#frame = interrupted
      ? { ...this.#frame, finished: true, interrupted, etaMs: null }
      : { ...this.#frame, finished: true, interrupted, fraction: 1, etaMs: 0 };
    return this.#frame;
  }

  #base(
    parts: Pick<
      LiveFrame,
      'elapsedMs' | 'requestsDone' | 'targets' | 'phase' | 'finished' | 'fraction' | 'etaMs'
    >,
  ): LiveFrame {
    return {
      title: this.#title,
      ...parts,
      totalMs: this.#totalMs,
      requestsTotal: this.#requestsTotal,
      targetRps: this.#targetRps,
      warnings: [...this.#warnings],
      ...(this.#breakers ? { breakers: this.#breakers } : {}),
      ...(this.#goodput ? { goodput: true } : {}),
    };
  }
}
