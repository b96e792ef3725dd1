import { createRng, deriveSeed, exponential, type Rng } from '../core/rng.js';

/**
 * Pure scheduling arithmetic of a bench run: which global sequence numbers a shard sends,
 * when (open loop), and in which order targets are served at each tick.
 *
 * Shards interleave: shard I of N (1-based) takes the global requests I−1, I−1+N, I−1+2N, ...
 * so the prompt order is kept and N shards together send exactly the one-machine workload.
 * In open loop with constant arrivals the shard's send times are the one-machine schedule's
 * times for those same requests, so the union of the shards is the full rate.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const NO_SHARD: Shard = { index: 1, count: 1 };

/** Global sequence number of the shard's k-th request (k from 0). */
export function globalSeq(k: number, shard: Shard): number {
  return shard.index - 1 + k * shard.count;
}

/** How many of `total` requests per target fall to this shard. */
export function shardRequests(total: number, shard: Shard): number {
  const first = shard.index - 1;
  return total > first ? Math.ceil((total - first) / shard.count) : 0;
}

/** Open-loop arrival offsets (ms from the phase start) of a shard's requests, in order. */
export class ArrivalSchedule {
  private readonly rng: Rng;
  private readonly rate: number;
  private readonly shard: Shard;
  private readonly poisson: boolean;
  private poissonAt = 0;
  private k = 0;

  /** `rate`: requests/s per target for the whole run (all shards together). */
  constructor(rate: number, arrival: 'constant' | 'poisson', shard: Shard, seed: number) {
    this.rate = rate;
    this.shard = shard;
    this.poisson = arrival === 'poisson';
    this.rng = createRng(deriveSeed(seed, shard.index));
  }

  /** The shard's own rate. */
  get shardRate(): number {
    return this.rate / this.shard.count;
  }

  /** Offset of the next request, ms. */
  next(): number {
    const k = this.k++;
    if (!this.poisson) return (globalSeq(k, this.shard) * 1000) / this.rate;
    if (k > 0) this.poissonAt += exponential(this.rng, 1000 / this.shardRate);
    return this.poissonAt;
  }
}

/** Target order at tick k: round-robin, starting one further each tick so no target is always first. */
export function tickOrder(k: number, targets: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < targets; j++) out.push((k + j) % targets);
  return out;
}
