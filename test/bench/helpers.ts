import { blankAttempt, type AttemptResult } from '../../src/core/result.js';

/** A synthetic successful streamed attempt: override what the test is about. */
export function attempt(over: Partial<AttemptResult> = {}): AttemptResult {
  return blankAttempt({
    model: 'm',
    modelId: 'm',
    gateway: 'default',
    baseUrl: 'http://gw/v1',
    stream: true,
    startedAtWall: 1_700_000_000_000,
    start: 0,
    end: 100,
    outcome: 'ok',
    ...over,
  });
}

/** An ok attempt with `latency` ms, first token at `ttft`, and `tokens` content chunks evenly spread. */
export function okAttempt(
  start: number,
  latency: number,
  ttft: number,
  tokens: number,
  usage = true,
): AttemptResult {
  const end = start + latency;
  const times: number[] = [];
  for (let i = 0; i < tokens; i++) {
    times.push(tokens === 1 ? start + ttft : start + ttft + ((latency - ttft) * i) / (tokens - 1));
  }
  return attempt({
    start,
    end,
    firstOutput: start + ttft,
    firstToken: start + ttft,
    contentTimes: times,
    contentChunks: tokens,
    ...(usage
      ? { usage: { prompt_tokens: 10, completion_tokens: tokens, total_tokens: 10 + tokens } }
      : {}),
  });
}
