import { UsageError } from '../core/errors.js';
import { PPM, formatShare, tryParseShare } from './amounts.js';

/** `--mix gpt-4.1=20%,deepseek-v3.2=80%`: a routed mix of models by share of the volume. */
export interface MixPart {
  model: string;
  /** Share in ppm; the parts add up to exactly 1e6. */
  share: number;
}

const EXAMPLE = 'e.g. --mix gpt-4.1=20%,deepseek-v3.2=80%';

export function parseMix(text: string): MixPart[] {
  const parts: MixPart[] = [];
  for (const item of text.split(',').map((s) => s.trim())) {
    if (item === '') continue;
    const eq = item.lastIndexOf('=');
    if (eq <= 0) {
      throw new UsageError(`--mix: '${item}' has no share; write model=share, ${EXAMPLE}`);
    }
    const model = item.slice(0, eq).trim();
    const shareText = item.slice(eq + 1).trim();
    const share = tryParseShare(shareText);
    if (share === undefined) {
      throw new UsageError(
        `--mix: '${shareText}' (for ${model}) is not a share; use a percentage or a fraction, ${EXAMPLE}`,
      );
    }
    if (parts.some((p) => p.model === model)) {
      throw new UsageError(`--mix: ${model} is listed twice; give each model one share`);
    }
    parts.push({ model, share });
  }
  if (parts.length === 0) throw new UsageError(`--mix: no models given; ${EXAMPLE}`);
  const sum = parts.reduce((a, p) => a + p.share, 0);
  if (sum !== PPM) {
    throw new UsageError(`--mix: shares add up to ${formatShare(sum)}, they must add up to 100%`);
  }
  return parts;
}
