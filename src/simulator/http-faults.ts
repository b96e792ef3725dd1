import type { OutgoingHttpHeaders } from 'node:http';
import type { Exchange } from './exchange.js';
import { errorBody } from './openai-shapes.js';
import type { Fault } from './profile-schema.js';

/** Faults that happen before any response byte, the same for streaming and non-streaming. */
const HTTP_FAULTS = new Set<Fault['type']>([
  'rate_limited',
  'server_error',
  'reset',
  'no_answer',
  'context_length',
  'content_filter',
  'not_found',
]);

export function isHttpFault(fault: Fault): boolean {
  return HTTP_FAULTS.has(fault.type);
}

const SERVER_ERROR_MESSAGES: Record<number, { message: string; type: string }> = {
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
  },
  502: { message: 'Bad gateway.', type: 'server_error' },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
  },
  504: { message: 'Gateway timeout.', type: 'server_error' },
  529: { message: 'Overloaded', type: 'overloaded_error' },
};

export function notFoundBody(model: string): string {
  return errorBody({
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
  });
}

export function contextLengthBody(window: number | undefined, promptTokens: number): string {
  const limit = window ?? Math.max(1, promptTokens - 1);
  return errorBody({
    message:
      `This model's maximum context length is ${limit} tokens. However, your messages ` +
      `resulted in ${Math.max(promptTokens, limit + 1)} tokens. Please reduce the length of the messages.`,
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded',
  });
}

/** Answers an HTTP-level fault. Resolves when the exchange is over. */
export async function applyHttpFault(
  x: Exchange,
  fault: Fault,
  info: { model: string; promptTokens: number; contextWindow: number | undefined },
): Promise<void> {
  switch (fault.type) {
    case 'rate_limited': {
      const seconds = fault.retryAfter ?? 1;
      const headers: OutgoingHttpHeaders = {};
      if (!fault.noHeader) {
        headers['retry-after'] = fault.httpDate
          ? new Date(Date.now() + Math.ceil(seconds) * 1000).toUTCString()
          : String(seconds);
        if (fault.retryAfterMs !== undefined)
          headers['retry-after-ms'] = String(fault.retryAfterMs);
      }
      x.json(
        429,
        errorBody({
          message: `Rate limit reached for ${info.model} on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in ${seconds}s.`,
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        }),
        headers,
      );
      return;
    }
    case 'server_error': {
      const status = fault.status ?? 500;
      const shape = SERVER_ERROR_MESSAGES[status] ?? SERVER_ERROR_MESSAGES[500]!;
      x.json(status, errorBody({ ...shape, param: null, code: null }));
      return;
    }
    case 'reset':
      x.reset();
      return;
    case 'no_answer':
      await x.waitForever();
      x.destroy();
      return;
    case 'context_length':
      x.json(400, contextLengthBody(info.contextWindow, info.promptTokens));
      return;
    case 'content_filter':
      x.json(
        400,
        errorBody({
          message:
            fault.message ??
            'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
          type: 'invalid_request_error',
          param: 'prompt',
          code: 'content_policy_violation',
        }),
      );
      return;
    case 'not_found':
      x.json(404, notFoundBody(info.model));
      return;
    default:
      throw new Error(`not an HTTP-level fault: ${fault.type}`);
  }
}
