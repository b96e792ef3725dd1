/**
 * Which id to send for a model (SPEC §1): a catalogue model works unchanged on gateways that
 * list plain ids (`gpt-4.1`) and on ones that list provider-prefixed ids (`openai/gpt-4.1`).
 * Pure rules only; the per-gateway memory and the `GET /models` cache live in model-id-book.ts.
 */

/** What the id rules need to know about a model. */
export interface IdModel {
  /** The id as configured (catalogue or config file), e.g. `openai/gpt-4.1`. */
  id: string;
  /**
   * Other ids the catalogue declares for the same model (`claude-sonnet-4-5`). Present only when
   * the id may be matched against what the gateway lists; absent = send `id` exactly as written
   * (an id from a config file, a model shepherd does not know).
   */
  ids?: readonly string[];
}

/** The part after the last `/` (`openai/gpt-4.1` → `gpt-4.1`). */
export function plainId(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** The provider prefix of an id (`openai/gpt-4.1` → `openai`), if it has one. */
export function idPrefix(id: string): string | undefined {
  const at = id.lastIndexOf('/');
  return at > 0 ? id.slice(0, at) : undefined;
}

/** Whether the model's id may be swapped for another form the gateway knows. */
export function matchesForms(model: IdModel): boolean {
  return model.ids !== undefined;
}

/**
 * Every form a gateway may know the model by, most preferred first: the configured id, the
 * same without (or with) the provider prefix, then each declared variant without and with the
 * prefix. Only the configured id for a model whose id is exact.
 */
export function idForms(model: IdModel): string[] {
  if (!matchesForms(model)) return [model.id];
  const prefix = idPrefix(model.id);
  const forms = [model.id, plainId(model.id)];
  for (const variant of model.ids ?? []) {
    forms.push(variant);
    if (prefix !== undefined && idPrefix(variant) === undefined) forms.push(`${prefix}/${variant}`);
    else forms.push(plainId(variant));
  }
  return [...new Set(forms)];
}

/**
 * The form to send to a gateway that listed `listed`: the first of `idForms` it lists, else a
 * case-insensitive match (some relays list `GPT-4.1`); undefined when it lists none of them.
 */
export function pickListedId(model: IdModel, listed: readonly string[]): string | undefined {
  const forms = idForms(model);
  const set = new Set(listed);
  const exact = forms.find((f) => set.has(f));
  if (exact !== undefined || !matchesForms(model)) return exact;
  const lower = new Map(listed.map((id) => [id.toLowerCase(), id]));
  for (const f of forms) {
    const hit = lower.get(f.toLowerCase());
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * The forms to try, in order, on a gateway that cannot list its models: the plain name
 * first (what OpenAI, vLLM and most relays call it), then the provider-prefixed form once
 * after a `not_found`. An exact id has one form.
 */
export function unlistedOrder(model: IdModel): string[] {
  if (!matchesForms(model)) return [model.id];
  const plain = plainId(model.id);
  return plain === model.id ? [model.id] : [plain, model.id];
}
