import type { Fault, ModelProfile, ScriptStep, SimProfile } from './profile-schema.js';
import type { PrefixCache } from './prefix-cache.js';
import type { Rng } from '../core/rng.js';
import { ModelLoad } from './capacity.js';

/** One model's live state: its effective profile and how far its script has run. */
export interface ModelState {
  /** The profile key (`gpt-4.1`). */
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
 * The models of a profile with their scripts. Like a real gateway, the simulator answers only
 * the ids it lists, in the profile's id style: `prefixed` lists and answers each model's `id`
 * (`openai/gpt-4.1`, default: the key), `plain` its key (`gpt-4.1`). The `*` profile is only
 * the template of models added at run time; it answers nothing by itself.
 */
export class ModelTable {
  readonly #original: SimProfile;
  #models = new Map<string, ModelState>();
  /** The `*` template of models added at run time (`set('*', …)` changes it). */
  #star: ModelProfile | undefined;

  constructor(profile: SimProfile) {
    this.#original = profile;
    this.reset();
  }

  get profileName(): string {
    return this.#original.name;
  }

  get idStyle(): 'prefixed' | 'plain' {
    return this.#original.idStyle ?? 'prefixed';
  }

  reset(): void {
    this.#models = new Map();
    this.#star = this.#original['*'] ? { ...this.#original['*'] } : undefined;
    for (const [key, profile] of Object.entries(this.#original.models)) {
      this.#models.set(key, { key, profile: { ...profile }, scriptPos: 0, load: new ModelLoad() });
    }
  }

  /** The id a model is listed and answered by, in this table's id style. */
  listedId(state: ModelState): string {
    return this.idStyle === 'plain' ? state.key : (state.profile.id ?? state.key);
  }

  /** The state a request for `model` hits, or undefined (404 model_not_found). */
  resolve(model: string): ModelState | undefined {
    for (const state of this.#models.values()) {
      if (this.listedId(state) === model) return state;
    }
    return undefined;
  }

  /** A model by key, listed id or any id form (for the control API, which names models loosely). */
  #named(name: string): ModelState | undefined {
    const exact = this.#models.get(name) ?? this.resolve(name);
    if (exact) return exact;
    for (const state of this.#models.values()) {
      if (state.profile.id === name) return state;
    }
    const segment = name.slice(name.lastIndexOf('/') + 1);
    return segment !== name ? this.#models.get(segment) : undefined;
  }

  /**
   * Merges `partial` into the model `name` matches (a new model, based on `*` when there is
   * one, when nothing matches). A new `script` starts from its first step.
   */
  set(name: string, partial: Partial<ModelProfile>): void {
    if (name === '*') {
      this.#star = { ...this.#star, ...partial };
      return;
    }
    let state = this.#named(name);
    if (!state) {
      const base = this.#star ?? {};
      const { id: _ignored, ...rest } = base;
      state = { key: name, profile: { ...rest }, scriptPos: 0, load: new ModelLoad() };
      this.#models.set(name, state);
    }
    state.profile = { ...state.profile, ...partial };
    if (partial.script !== undefined) state.scriptPos = 0;
  }

  /** Listed models: the id they answer to and their profile. */
  list(): { id: string; profile: ModelProfile }[] {
    return [...this.#models.values()].map((state) => ({
      id: this.listedId(state),
      profile: state.profile,
    }));
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
