/**
 * gpt-tokenizer's `o200k_base` encoding (GPT-4o, GPT-4.1, GPT-5), loaded on first use: the
 * module takes a few hundred ms to load, so commands that never count tokens never pay it.
 * Special-token text (`<|endoftext|>`) in a prompt is counted as plain text, never refused.
 */
export const TOKENIZER_NAME = 'o200k_base';

export interface Tokenizer {
  readonly name: string;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  count(text: string): number;
}

let loading: Promise<Tokenizer> | undefined;
let loaded: Tokenizer | undefined;

export function loadTokenizer(): Promise<Tokenizer> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then((m) => {
    const plain = { disallowedSpecial: new Set<string>() };
    loaded = {
      name: TOKENIZER_NAME,
      encode: (text) => m.encode(text, plain),
      decode: (ids) => m.decode(ids as number[]),
      count: (text) => m.countTokens(text, plain),
    };
    return loaded;
  });
  return loading;
}

/** The tokenizer when `loadTokenizer()` has already resolved, else undefined. */
export function tokenizerIfLoaded(): Tokenizer | undefined {
  return loaded;
}
