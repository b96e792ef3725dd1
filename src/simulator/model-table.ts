import type { Fault, ModelProfile, ScriptStep, SimProfile } from './profile-schema.js';
import type { PrefixCache } from './prefix-cache.js';
import type { Rng } from '../core/rng.js';
import { ModelLoad } from './capacity.js';

/** One model's live state: its effective profile and how far its script has run. */
export interface ModelState {
  /** The profile key (`gpt-4.1`), or `*` for the fallback profile. */
  key: string;
  profile: ModelProfile;
  scriptPos: number;
  /** `prefixCache: true`: the prompt blocks this model has seen (emptied by reset). */
  cache?: PrefixCache;
  /** Requests in service, decoding and queued (the capacity model). */
  load: ModelLoad;
}

/** The fault for one request: `undefined` means answer normally. */
export type FaultPick = Fault | undefined;

/**
 * The models of a profile with their scripts, and the matching rules: the requested model
 * exactly (a key or an id), else its segment after the last `/`, else `*`.
 */
export class ModelTable {
  readonly #original: SimProfile;
  #models = new Map<string, ModelState>();

  constructor(profile: SimProfile) {
    this.#original = profile;
    this.reset();
  }

  get profileName(): string {
    return this.#original.name;
  }

  reset(): void {
    this.#models = new Map();
    for (const [key, profile] of Object.entries(this.#original.models)) {
      this.#models.set(key, { key, profile: { ...profile }, scriptPos: 0, load: new ModelLoad() });
    }
    const star = this.#original['*'];
    if (star)
      this.#models.set('*', {
        key: '*',
        profile: { ...star },
        scriptPos: 0,
        load: new ModelLoad(),
      });
  }

  /** The state a request for `model` hits, or undefined (404). */
  resolve(model: string): ModelState | undefined {
    return this.#named(model) ?? this.#models.get('*');
  }

  #named(model: string): ModelState | undefined {
    const exact = this.#models.get(model);
    if (exact && model !== '*') return exact;
    for (const state of this.#models.values()) {
      if (state.key !== '*' && state.profile.id === model) return state;
    }
    const segment = model.slice(model.lastIndexOf('/') + 1);
    if (segment !== model && segment !== '*') {
      const bySegment = this.#models.get(segment);
      if (bySegment) return bySegment;
    }
    return undefined;
  }

  /**
   * Merges `partial` into the model `name` matches (a new model, based on `*` when there is
   * one, when nothing matches). A new `script` starts from its first step.
   */
  set(name: string, partial: Partial<ModelProfile>): void {
    let state = name === '*' ? this.#models.get('*') : this.#named(name);
    if (!state) {
      const base = this.#models.get('*')?.profile ?? {};
      const { id: _ignored, ...rest } = base;
      state = { key: name, profile: { ...rest }, scriptPos: 0, load: new ModelLoad() };
      this.#models.set(name, state);
    }
    state.profile = { ...state.profile, ...partial };
    if (partial.script !== undefined) state.scriptPos = 0;
  }

  /** Listed models (not `*`): id and price. */
  list(): { id: string; profile: ModelProfile }[] {
    const out: { id: string; profile: ModelProfile }[] = [];
    for (const state of this.#models.values()) {
      if (state.key !== '*')
        out.push({ id: state.profile.id ?? state.key, profile: state.profile });
    }
    return out;
  }

  /**
   * A scripted outage covering `atMs` (ms since the first chat request), else the next
   * script step, else a fault drawn by probability (one draw per request, always made so
   * the draws of later requests do not depend on the outage).
   */
  pickFault(state: ModelState, rng: Rng, atMs = 0): FaultPick {
    const u = rng();
    const outage = state.profile.outages?.find((o) => atMs >= o.atMs && atMs < o.atMs + o.forMs);
    if (outage) return outage.fault ?? { type: 'server_error', status: 503 };
    const script = state.profile.script;
    if (script && state.scriptPos < script.length) {
      const step = script[state.scriptPos++];
      return step === undefined ? undefined : stepFault(step);
    }
    let acc = 0;
    for (const fault of state.profile.faults ?? []) {
      acc += fault.probability ?? 0;
      if (u < acc) return fault;
    }
    return undefined;
  }
}

function stepFault(step: ScriptStep): FaultPick {
  if (typeof step === 'string') return step === 'ok' ? undefined : ({ type: step } as Fault);
  return step.type === 'ok' ? undefined : step;
}
