import { interpretData, type InBandError } from './chunk.js';
import type { Usage } from './result.js';

/**
 * What one streamed answer has delivered so far, built from SSE `data:` payloads with their
 * arrival times. A malformed payload is counted and skipped; an in-band error is recorded
 * and ends the stream; `[DONE]` marks the end. Complete only with a finish_reason.
 */
export class StreamState {
  content = '';
  reasoning = '';
  contentChunks = 0;
  reasoningChunks = 0;
  badChunks = 0;
  finishReason: string | undefined;
  usage: Usage | undefined;
  done = false;
  error: InBandError | undefined;
  firstOutput: number | undefined;
  firstToken: number | undefined;
  readonly contentTimes: number[] = [];
  /** Characters handed to onToken. */
  delivered = 0;

  constructor(
    private readonly options: {
      keepContent?: boolean;
      onToken?: (text: string) => void;
      onReasoning?: (text: string) => void;
      /** Called once, with the first content delta, before its onToken. */
      onFirstToken?: () => void;
    } = {},
  ) {}

  /** Applies one `data:` payload received at `now`. Returns true when nothing more is expected. */
  onData(data: string, now: number): boolean {
    const info = interpretData(data);
    switch (info.kind) {
      case 'done':
        this.done = true;
        return true;
      case 'malformed':
        this.badChunks++;
        return false;
      case 'error':
        this.error = info.error;
        return true;
      case 'chunk':
        break;
    }
    if (info.reasoning !== undefined) {
      this.reasoningChunks++;
      this.firstOutput ??= now;
      if (this.options.keepContent !== false) this.reasoning += info.reasoning;
      this.options.onReasoning?.(info.reasoning);
    }
    if (info.content !== undefined) {
      this.contentChunks++;
      this.firstOutput ??= now;
      if (this.firstToken === undefined) {
        this.firstToken = now;
        this.options.onFirstToken?.();
      }
      this.contentTimes.push(now);
      if (this.options.keepContent !== false) this.content += info.content;
      if (this.options.onToken) {
        this.options.onToken(info.content);
        this.delivered += info.content.length;
      }
    }
    if (info.finishReason !== undefined) this.finishReason = info.finishReason;
    if (info.usage !== undefined) this.usage = info.usage;
    // After finish_reason, only a usage chunk may still come; once both are here we are done.
    return this.finishReason !== undefined && this.usage !== undefined;
  }

  get complete(): boolean {
    return this.finishReason !== undefined && this.error === undefined;
  }
}
