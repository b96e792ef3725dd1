import type { Rng } from '../core/rng.js';

/**
 * Plausible word-piece text from a seeded generator: one string per token, each with its
 * leading space like a BPE token, long words split in two pieces, sentences with commas
 * and full stops. Cheap enough to run per token under load.
 */
const WORDS = (
  'the a of to and in is that for it as with was on be by this are from at or an which ' +
  'model gateway request latency token stream answer response server client router ' +
  'provider fallback retry timeout budget price cost benchmark health check result ' +
  'first second each every more most less fast slow quick simple careful clear reliable ' +
  'measure compare report record return send receive choose keep start finish wait ' +
  'because when while after before until also only still often usually probably ' +
  'system network connection throughput percentile distribution concurrency capacity ' +
  'developer engineer question context window output input message content reason ' +
  'configuration simulation deterministic streaming completion evaluation observation ' +
  'we you they can will should would could may might does has have not no yes'
).split(' ');

const REASONING_WORDS = (
  'the user asks about this so I should first consider which answer fits best and then ' +
  'check the details because the question mentions latency tokens and models let me think'
).split(' ');

export function makeTokens(rng: Rng, count: number, reasoning = false): string[] {
  const words = reasoning ? REASONING_WORDS : WORDS;
  const tokens: string[] = [];
  let sentenceStart = true;
  let sinceBreak = 0;
  while (tokens.length < count) {
    let word = words[Math.floor(rng() * words.length)] ?? 'the';
    if (sentenceStart) word = word.charAt(0).toUpperCase() + word.slice(1);
    const lead = tokens.length === 0 ? '' : ' ';
    if (word.length > 7 && tokens.length + 1 < count) {
      const cut = 3 + Math.floor(rng() * (word.length - 5));
      tokens.push(lead + word.slice(0, cut), word.slice(cut));
    } else {
      tokens.push(lead + word);
    }
    sentenceStart = false;
    sinceBreak++;
    if (tokens.length >= count) break;
    const r = rng();
    if (sinceBreak > 5 && r < 0.14) {
      tokens.push('.');
      sentenceStart = true;
      sinceBreak = 0;
    } else if (sinceBreak > 3 && r < 0.2) {
      tokens.push(',');
    }
  }
  tokens.length = count;
  return tokens;
}
