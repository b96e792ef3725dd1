/**
 * The first-token wait of one attempt under the chain deadline (SPEC §2, `--deadline`): the
 * configured `timeouts.firstToken`, shortened so the models after this one still have time.
 * The remaining time is shared equally by the models still to try (this one included), so
 * a silent model gets at most its share and the chain's last model, which may wait for all
 * that is left, still has time to answer. Whole milliseconds, never below 1.
 */
export function firstTokenBudget(f: {
  firstTokenMs: number;
  now: number;
  deadlineAt: number;
  /** Models still to try, this one included (1 = the chain's last model). */
  modelsLeft: number;
}): number {
  const remaining = Math.max(0, Math.ceil(f.deadlineAt - f.now));
  const share = Math.floor(remaining / Math.max(1, f.modelsLeft));
  return Math.max(1, Math.min(f.firstTokenMs, share));
}
