import type { BenchProgressEvent } from '../../bench/runner-types.js';
import type { LiveFrame } from '../../ui/live-frame.js';

/**
 * Keeps the LiveFrame both progress displays read, from the runner's events. Elapsed time
 * and totals refer to the current phase (the clock restarts when the warm-up ends).
 */
export class FrameBuilder {
  readonly #title: string;
  readonly #totalMs: number | undefined;
  readonly #requestsTotal: number | undefined;
  readonly #targetRps: number | undefined;
  readonly #goodput: boolean;
  readonly #warnings: string[] = [];
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
    this.#frame = this.#base({
      elapsedMs: 0,
      requestsDone: 0,
      targets: [],
      phase: 'run',
      finished: false,
    });
  }

  get frame(): LiveFrame {
    return this.#frame;
  }

  progress(e: BenchProgressEvent): LiveFrame {
    this.#frame = this.#base({
      elapsedMs: e.elapsedMs,
      requestsDone: e.targets.reduce((n, t) => n + t.requests, 0),
      targets: e.targets,
      phase: e.phase === 'warmup' ? 'warmup' : 'run',
      finished: false,
    });
    return this.#frame;
  }

  warning(message: string): LiveFrame {
    if (!this.#warnings.includes(message)) this.#warnings.push(message);
    this.#frame = { ...this.#frame, warnings: [...this.#warnings] };
    return this.#frame;
  }

  finish(interrupted: boolean): LiveFrame {
    this.#frame = { ...this.#frame, finished: true, interrupted };
    return this.#frame;
  }

  #base(
    parts: Pick<LiveFrame, 'elapsedMs' | 'requestsDone' | 'targets' | 'phase' | 'finished'>,
  ): LiveFrame {
    return {
      title: this.#title,
      ...parts,
      totalMs: this.#totalMs,
      requestsTotal: this.#requestsTotal,
      targetRps: this.#targetRps,
      warnings: [...this.#warnings],
      ...(this.#goodput ? { goodput: true } : {}),
    };
  }
}
