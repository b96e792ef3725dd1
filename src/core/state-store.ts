import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from './atomic-file.js';

/**
 * Health and breaker state shared between runs (`$XDG_STATE_HOME/shepherd/health.json`).
 * Entries carry their own wall-clock `updatedAt`; entries older than the staleness limit
 * are ignored. Saving re-reads the file and merges per model (newest entry wins), then
 * writes a temp file and renames it over the old one, so two processes at once never
 * leave a torn file and rarely lose each other's updates.
 */
export interface ModelState {
  /** Consecutive failures that count against the breaker. */
  failures: number;
  breaker: 'closed' | 'open';
  /** Wall ms when the breaker last opened. */
  openedAt?: number;
  /** The cooldown of the current opening (adaptive: doubles after a failed probe). */
  cooldownMs?: number;
  lastClass?: string;
  /** Last health verdict, when `health` probed it. */
  health?: { status: 'up' | 'degraded' | 'down'; latencyMs?: number; checkedAt: number };
  updatedAt: number;
}

interface FileShape {
  version: 1;
  models: Record<string, ModelState>;
}

export const STATE_STALE_MS = 5 * 60_000;

/** A half-open probe claim older than this is from a process that died mid-probe. */
export const PROBE_CLAIM_TTL_MS = 2 * 60_000;

export class StateStore {
  readonly #path: string | undefined;
  readonly #wallNow: () => number;
  readonly #staleMs: number;
  readonly #models = new Map<string, ModelState>();
  readonly #dirty = new Set<string>();
  /** One line each for the user (an unwritable or malformed state file), said once. */
  readonly #warnings = new StateWarnings();

  /** `path` undefined = in memory only. */
  constructor(
    path: string | undefined,
    wallNow: () => number = Date.now,
    staleMs = STATE_STALE_MS,
  ) {
    this.#path = path;
    this.#wallNow = wallNow;
    this.#staleMs = staleMs;
    for (const [name, state] of Object.entries(this.#read())) this.#models.set(name, state);
  }

  /**
   * Where warnings and notes go (`warning: …`, `note: …`, for stderr); one raised before this
   * is set (reading the file in the constructor) is passed on when it is.
   */
  set onWarning(fn: (message: string) => void) {
    this.#warnings.sink = fn;
  }

  get path(): string | undefined {
    return this.#path;
  }

  get(model: string): ModelState | undefined {
    return this.#models.get(model);
  }

  set(model: string, state: Omit<ModelState, 'updatedAt'>): ModelState {
    const full: ModelState = { ...state, updatedAt: this.#wallNow() };
    this.#models.set(model, full);
    this.#dirty.add(model);
    return full;
  }

  entries(): [string, ModelState][] {
    return [...this.#models.entries()];
  }

  /**
   * Re-reads one model from disk, so a decision taken late in a run sees what other
   * processes wrote since this one started. Keeps this process's own unsaved change.
   */
  refresh(model: string): ModelState | undefined {
    if (!this.#path || this.#dirty.has(model)) return this.#models.get(model);
    const theirs = this.#read()[model];
    if (theirs) this.#models.set(model, theirs);
    else this.#models.delete(model);
    return theirs;
  }

  /**
   * Claims the half-open probe of `model` across processes: a claim file beside the state
   * file, created exclusively (`wx`), so of several runs after the cooldown exactly one
   * probes. A claim older than PROBE_CLAIM_TTL_MS (its process died) is taken over.
   * Always true for an in-memory store.
   */
  claimProbe(model: string): boolean {
    if (!this.#path) return true;
    const file = this.#claimFile(model);
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch {
      return true; // unwritable state folder: no cross-process guard (save() warns)
    }
    for (let tries = 0; tries < 2; tries++) {
      try {
        writeFileSync(file, JSON.stringify({ pid: process.pid, at: this.#wallNow() }) + '\n', {
          flag: 'wx',
          mode: 0o600,
        });
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return true; // unwritable dir: no cross-process guard
      }
      if (!this.#claimIsStale(file)) return false;
      try {
        unlinkSync(file);
      } catch {
        // Another process took it over first; the next `wx` tells.
      }
    }
    return false;
  }

  /** Ends this process's probe claim; save() first so the verdict is on disk before it. */
  releaseProbe(model: string): void {
    if (!this.#path) return;
    this.save();
    try {
      unlinkSync(this.#claimFile(model));
    } catch {
      // Already gone.
    }
  }

  /**
   * A claim's age comes from the time written in it; one without a readable time (being
   * written this instant, or torn by a crash) is judged by its file's mtime.
   */
  #claimIsStale(file: string): boolean {
    try {
      const at = (JSON.parse(readFileSync(file, 'utf8')) as { at?: unknown }).at;
      if (typeof at === 'number') return this.#wallNow() - at >= PROBE_CLAIM_TTL_MS;
    } catch {
      // Fall through to the mtime.
    }
    try {
      return Date.now() - statSync(file).mtimeMs >= PROBE_CLAIM_TTL_MS;
    } catch {
      return true; // gone meanwhile
    }
  }

  #claimFile(model: string): string {
    return `${this.#path}.probe.${encodeURIComponent(model)}`;
  }

  /** Writes the models changed by this process, merged into what is on disk now. */
  save(): void {
    if (!this.#path || this.#dirty.size === 0) return;
    const merged = this.#read();
    for (const name of this.#dirty) {
      const mine = this.#models.get(name);
      const theirs = merged[name];
      if (mine && (!theirs || theirs.updatedAt <= mine.updatedAt)) merged[name] = mine;
    }
    const doc: FileShape = { version: 1, models: merged };
    try {
      mkdirSync(dirname(this.#path), { recursive: true });
      writeFileAtomicSync(this.#path, JSON.stringify(doc, null, 2) + '\n', { mode: 0o600 });
    } catch (err) {
      // The answer, the JSON and the exit code stand: health and breaker state is a cache.
      this.#warnings.once(
        'write',
        `warning: could not save health and breaker state to ${this.#path} (${errnoText(err)}); this run's verdicts are not remembered`,
      );
    }
    this.#dirty.clear();
  }

  /** Fresh entries on disk; a missing, unreadable or foreign file counts as empty. */
  #read(): Record<string, ModelState> {
    if (!this.#path) return {};
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(this.#path, 'utf8'));
    } catch {
      return {};
    }
    const models = modelsOf(doc);
    if (models === undefined) {
      this.#warnings.once(
        'shape',
        `note: ${this.#path} is not a shepherd state file ({"version":1,"models":{…}}); it is treated as empty and replaced at the next save`,
      );
      return {};
    }
    const out: Record<string, ModelState> = {};
    const now = this.#wallNow();
    for (const [name, state] of Object.entries(models)) {
      if (isFresh(state, now, this.#staleMs)) out[name] = state;
    }
    return out;
  }
}

/** The `models` object of a state document; undefined for any other shape (null, an array…). */
function modelsOf(doc: unknown): Record<string, unknown> | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const models = (doc as { models?: unknown }).models;
  if (models === undefined) return {};
  if (typeof models !== 'object' || models === null || Array.isArray(models)) return undefined;
  return models as Record<string, unknown>;
}

/** Clock skew allowed between processes sharing a state file before an entry counts as future. */
export const STATE_FUTURE_SKEW_MS = 5_000;

/**
 * A usable entry: the right fields, not older than the staleness limit, and not from the
 * future (a skewed clock or a copied file): a future entry would never go stale and always win.
 */
function isFresh(state: unknown, now: number, staleMs: number): state is ModelState {
  if (typeof state !== 'object' || state === null) return false;
  const s = state as Partial<ModelState>;
  if (typeof s.updatedAt !== 'number' || typeof s.failures !== 'number') return false;
  const limit = now + STATE_FUTURE_SKEW_MS;
  if (s.updatedAt > limit || (typeof s.openedAt === 'number' && s.openedAt > limit)) return false;
  if (
    s.health !== undefined &&
    !(typeof s.health?.checkedAt === 'number' && s.health.checkedAt <= limit)
  ) {
    return false;
  }
  return now - s.updatedAt <= staleMs;
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? (e instanceof Error ? e.message : String(err));
}

/** Warnings said once per kind, kept until someone listens. */
class StateWarnings {
  readonly #said = new Set<string>();
  readonly #pending: string[] = [];
  #sink: ((message: string) => void) | undefined;

  set sink(fn: (message: string) => void) {
    this.#sink = fn;
    for (const m of this.#pending.splice(0)) fn(m);
  }

  once(kind: string, message: string): void {
    if (this.#said.has(kind)) return;
    this.#said.add(kind);
    if (this.#sink) this.#sink(message);
    else this.#pending.push(message);
  }
}
