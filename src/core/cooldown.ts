import type { BreakerSettings } from './settings.js';

/** `breaker.maxCooldown` when the settings leave it out. */
export const DEFAULT_MAX_COOLDOWN_MS = 60_000;

/** The longest cooldown: `maxCooldown`, never below the first cooldown itself. */
export function maxCooldown(settings: BreakerSettings): number {
  return Math.max(settings.cooldownMs, settings.maxCooldownMs ?? DEFAULT_MAX_COOLDOWN_MS);
}

/**
 * The adaptive cooldown (SPEC §2, like Envoy's growing ejection time): a circuit that opens
 * from closed waits `cooldown`; each failed half-open probe doubles the wait, up to
 * `maxCooldown`; a success closes the circuit and the next opening starts over.
 * `current` is the cooldown of the opening the probe ended (undefined = it was closed).
 */
export function nextCooldown(
  settings: BreakerSettings,
  current: number | undefined,
  probeFailed: boolean,
): number {
  if (!probeFailed || current === undefined) return settings.cooldownMs;
  return Math.min(maxCooldown(settings), current * 2);
}

/** The cooldown of an opening as persisted (older state files have none: the first one). */
export function cooldownOf(settings: BreakerSettings, state: { cooldownMs?: number }): number {
  return state.cooldownMs ?? settings.cooldownMs;
}
